"""Run a model's own validation and report the first problem as a ServiceError."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from jiazheng.common.errors import ServiceError
from jiazheng.common.regions import selectable_regions


def refuse_invalid(error):
    """Raise the first message of a Django ValidationError as a ServiceError."""
    if hasattr(error, "error_dict"):
        field, errors = next(iter(error.error_dict.items()))
        first = errors[0]
        message = next(iter(first.messages))
        code = first.code or "invalid"
        raise ServiceError(
            message,
            code=code,
            field=None if field == NON_FIELD_ERRORS else field,
        ) from error
    first = error.error_list[0] if hasattr(error, "error_list") else error
    raise ServiceError(
        next(iter(first.messages)), code=first.code or "invalid"
    ) from error


def full_clean_or_refuse(instance, *, exclude=None, validate_unique=False):
    """Validate ``instance`` as a form would, without the database checks."""
    try:
        instance.full_clean(
            exclude=exclude,
            validate_unique=validate_unique,
            validate_constraints=False,
        )
    except ValidationError as error:
        refuse_invalid(error)


def check_selectable_region(region, *, field="region"):
    """Refuse a province or city where a district is expected."""
    if region is not None and not selectable_regions().filter(pk=region.pk).exists():
        raise ServiceError(_("请选择到区县一级。"), code="invalid_region", field=field)

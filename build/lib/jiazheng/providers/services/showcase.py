"""Changes to a provider's public showcase (OP-7)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.tenancy import is_platform_staff
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.common.html import clean_rich_text
from jiazheng.common.regions import selectable_regions
from jiazheng.common.uploads import validate_upload
from jiazheng.providers.models import ProviderProfile
from jiazheng.providers.services.checks import full_clean_or_refuse

logger = logging.getLogger(__name__)

LOGO_MAX_BYTES = 2 * 1024 * 1024


@transaction.atomic
def update_provider_profile(
    *,
    profile,
    introduction,
    categories,
    districts,
    founded_year=None,
    logo=None,
    actor=None,
):
    """Replace a provider's introduction, categories, districts and logo."""
    profile = ProviderProfile.objects.select_for_update().get(pk=profile.pk)
    districts = list(districts or [])
    selectable = selectable_regions().filter(pk__in=[d.pk for d in districts])
    if selectable.count() != len({d.pk for d in districts}):
        raise ServiceError(
            _("服务区域请选择到区县。"), code="invalid_region", field="districts"
        )
    if founded_year is not None and founded_year > timezone.localdate().year:
        raise ServiceError(
            _("成立年份不能晚于今年。"), code="invalid_year", field="founded_year"
        )
    profile.introduction = clean_rich_text(introduction or "")
    profile.founded_year = founded_year
    if logo:
        try:
            validate_upload(logo, kinds=("image",), max_bytes=LOGO_MAX_BYTES)
        except ValidationError as error:
            raise ServiceError(
                error.messages[0], code=error.code or "invalid_file", field="logo"
            ) from error
    if logo is not None:
        profile.logo = logo or ""
    full_clean_or_refuse(profile, exclude=["logo"])
    profile.save()
    profile.categories.set(categories or [])
    profile.districts.set(districts)
    logger.info(
        "provider profile updated",
        extra={"profile_id": profile.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return profile


@transaction.atomic
def set_featured(*, profile, is_featured, actor):
    """Feature a provider on the portal home, or stop featuring it."""
    if not is_platform_staff(actor):
        raise NotAllowed(_("只有平台职员可以设置推荐企业。"))
    ProviderProfile.objects.filter(pk=profile.pk).update(
        is_featured=is_featured, updated_at=timezone.now()
    )
    profile.is_featured = is_featured
    logger.info(
        "provider featured" if is_featured else "provider unfeatured",
        extra={"profile_id": profile.pk, "actor_id": actor.pk},
    )
    return profile

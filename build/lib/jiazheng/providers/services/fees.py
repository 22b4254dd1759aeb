"""A provider's fee standards for catalogue service items (1.3.2)."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import parse_amount
from jiazheng.providers.models import ProviderServiceItem
from jiazheng.providers.services.checks import full_clean_or_refuse

logger = logging.getLogger(__name__)


def check_price(price):
    """Return ``price`` as a Decimal above zero with at most two decimals."""
    try:
        return parse_amount(price, allow_zero=False)
    except ValidationError as error:
        raise ServiceError(
            error.messages[0], code=error.code or "invalid_price", field="price"
        ) from error


def _check_provider(organization):
    if organization.kind != Organization.Kind.PROVIDER:
        raise ServiceError(_("只有加盟企业可以设置收费标准。"), code="not_provider")


@transaction.atomic
def create_provider_item(
    *, organization, item, price, description="", is_published=True, actor=None
):
    """Set a provider's price for a service item it did not price before."""
    _check_provider(organization)
    if not item.is_active:
        raise ServiceError(_("该服务项目已停用。"), code="item_inactive", field="item")
    provider_item = ProviderServiceItem(
        organization=organization,
        item=item,
        price=check_price(price),
        description=(description or "").strip(),
        is_published=is_published,
    )
    full_clean_or_refuse(provider_item)
    if ProviderServiceItem.objects.filter(
        organization=organization, item=item
    ).exists():
        raise ServiceError(
            _("该服务项目已设置收费标准，请直接修改。"),
            code="duplicate_item",
            field="item",
        )
    try:
        with transaction.atomic():
            provider_item.save()
    except IntegrityError as error:
        raise ServiceError(
            _("该服务项目已设置收费标准，请直接修改。"),
            code="duplicate_item",
            field="item",
        ) from error
    logger.info(
        "provider item created",
        extra={
            "provider_item_id": provider_item.pk,
            "organization_id": organization.pk,
            "actor_id": getattr(actor, "pk", None),
        },
    )
    return provider_item


@transaction.atomic
def update_provider_item(
    *, provider_item, price, description="", is_published=None, actor=None
):
    """Change the price, description or publication of a fee standard."""
    provider_item = ProviderServiceItem.objects.select_for_update().get(
        pk=provider_item.pk
    )
    provider_item.price = check_price(price)
    provider_item.description = (description or "").strip()
    if is_published is not None:
        provider_item.is_published = is_published
    full_clean_or_refuse(provider_item)
    provider_item.save()
    logger.info(
        "provider item updated",
        extra={
            "provider_item_id": provider_item.pk,
            "actor_id": getattr(actor, "pk", None),
        },
    )
    return provider_item


@transaction.atomic
def set_provider_item_published(*, provider_item, is_published, actor=None):
    """Show or hide a fee standard on the public pages."""
    updated = ProviderServiceItem.objects.filter(pk=provider_item.pk).update(
        is_published=is_published
    )
    provider_item.is_published = is_published
    logger.info(
        "provider item %s",
        "published" if is_published else "unpublished",
        extra={
            "provider_item_id": provider_item.pk,
            "actor_id": getattr(actor, "pk", None),
            "updated": updated,
        },
    )
    return provider_item


@transaction.atomic
def delete_provider_item(*, provider_item, actor=None):
    """Remove a fee standard the provider no longer offers."""
    pk = provider_item.pk
    ProviderServiceItem.objects.filter(pk=pk).delete()
    logger.info(
        "provider item deleted",
        extra={"provider_item_id": pk, "actor_id": getattr(actor, "pk", None)},
    )

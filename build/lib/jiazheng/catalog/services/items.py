"""Create, change, activate and deactivate service items and prices (1.4.3)."""

import logging

from django.db import IntegrityError, transaction

from jiazheng.catalog.models import CatalogChange, ServiceItem
from jiazheng.catalog.services.records import apply_changes, record
from jiazheng.catalog.services.rules import (
    ITEM_FIELDS,
    check_actor,
    clean_item_fields,
    clean_new_code,
    duplicate_code_error,
    unknown_fields,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def create_item(
    *,
    actor,
    category,
    code,
    name,
    unit,
    guidance_price_min,
    guidance_price_max,
    description="",
    sort_order=0,
):
    """Create a service item with its unit and guidance price range (1.4.3)."""
    check_actor(actor)
    values = clean_item_fields(
        {
            "category": category,
            "name": name,
            "unit": unit,
            "guidance_price_min": guidance_price_min,
            "guidance_price_max": guidance_price_max,
            "description": description,
            "sort_order": sort_order,
        }
    )
    code = clean_new_code(ServiceItem, code)

    try:
        item = ServiceItem.objects.create(code=code, is_active=True, **values)
    except IntegrityError as exc:
        # Another editor took the code between the check and the insert.
        raise duplicate_code_error(code) from exc
    record(
        actor=actor,
        obj=item,
        kind=CatalogChange.Kind.ITEM,
        action=CatalogChange.Action.CREATE,
        changes={field: (None, value) for field, value in values.items()},
    )
    logger.info("catalog item created", extra={"item_code": code})
    return item


@transaction.atomic
def update_item(*, actor, item, **fields):
    """Change the given fields of an item, keeping min ≤ max (code stays)."""
    check_actor(actor)
    unknown_fields(fields, ITEM_FIELDS)
    # Lock so that the range check sees the bounds another editor just saved.
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    values = clean_item_fields(fields, item)

    changes = apply_changes(item, values)
    if changes:
        item.save()
        record(
            actor=actor,
            obj=item,
            kind=CatalogChange.Kind.ITEM,
            action=CatalogChange.Action.UPDATE,
            changes=changes,
        )
        logger.info(
            "catalog item updated",
            extra={"item_code": item.code, "fields": sorted(changes)},
        )
    return item


@transaction.atomic
def set_item_active(*, actor, item, is_active):
    """Activate or deactivate a service item."""
    check_actor(actor)
    item = ServiceItem.objects.select_for_update().get(pk=item.pk)
    if item.is_active == bool(is_active):
        return item

    item.is_active = bool(is_active)
    item.save(update_fields=["is_active", "updated_at"])
    record(
        actor=actor,
        obj=item,
        kind=CatalogChange.Kind.ITEM,
        action=(
            CatalogChange.Action.ACTIVATE
            if is_active
            else CatalogChange.Action.DEACTIVATE
        ),
        changes={"is_active": (not item.is_active, item.is_active)},
    )
    logger.info(
        "catalog item %s",
        "activated" if is_active else "deactivated",
        extra={"item_code": item.code},
    )
    return item

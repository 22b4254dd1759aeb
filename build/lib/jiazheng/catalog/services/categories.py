"""Create, change, activate and deactivate categories of the tree (1.4.1)."""

import logging

from django.db import IntegrityError, transaction

from jiazheng.catalog.models import CatalogChange, Category
from jiazheng.catalog.services.records import apply_changes, record
from jiazheng.catalog.services.rules import (
    CATEGORY_FIELDS,
    check_actor,
    clean_category_fields,
    clean_new_code,
    duplicate_code_error,
    unknown_fields,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def create_category(
    *,
    actor,
    code,
    name,
    parent=None,
    description="",
    sort_order=0,
    is_hot=False,
):
    """Create a category: a top-level group, or a category inside a group."""
    check_actor(actor)
    values = clean_category_fields(
        {
            "name": name,
            "parent": parent,
            "description": description,
            "sort_order": sort_order,
            "is_hot": is_hot,
        }
    )
    code = clean_new_code(Category, code)

    try:
        category = Category.objects.create(code=code, is_active=True, **values)
    except IntegrityError as exc:
        # Another editor took the code between the check and the insert.
        raise duplicate_code_error(code) from exc
    record(
        actor=actor,
        obj=category,
        kind=CatalogChange.Kind.CATEGORY,
        action=CatalogChange.Action.CREATE,
        changes={field: (None, value) for field, value in values.items()},
    )
    logger.info("catalog category created", extra={"category_code": code})
    return category


@transaction.atomic
def update_category(*, actor, category, **fields):
    """Change the given fields of a category (its code stays as it is)."""
    check_actor(actor)
    unknown_fields(fields, CATEGORY_FIELDS)
    # Lock so that two editors saving at once each record what they replaced.
    category = Category.objects.select_for_update().get(pk=category.pk)
    values = clean_category_fields(fields, category)

    changes = apply_changes(category, values)
    if changes:
        category.save()
        record(
            actor=actor,
            obj=category,
            kind=CatalogChange.Kind.CATEGORY,
            action=CatalogChange.Action.UPDATE,
            changes=changes,
        )
        logger.info(
            "catalog category updated",
            extra={"category_code": category.code, "fields": sorted(changes)},
        )
    return category


@transaction.atomic
def set_category_active(*, actor, category, is_active):
    """Activate or deactivate a category; its items leave the portal with it."""
    check_actor(actor)
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.is_active == bool(is_active):
        return category

    category.is_active = bool(is_active)
    category.save(update_fields=["is_active", "updated_at"])
    record(
        actor=actor,
        obj=category,
        kind=CatalogChange.Kind.CATEGORY,
        action=(
            CatalogChange.Action.ACTIVATE
            if is_active
            else CatalogChange.Action.DEACTIVATE
        ),
        changes={"is_active": (not category.is_active, category.is_active)},
    )
    logger.info(
        "catalog category %s",
        "activated" if is_active else "deactivated",
        extra={"category_code": category.code},
    )
    return category

"""The change record: every catalogue change leaves a CatalogChange row."""

from decimal import Decimal

from jiazheng.catalog.models import CatalogChange, Category


def json_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, Category):
        return value.code
    return value


def record(*, actor, obj, kind, action, changes):
    return CatalogChange.objects.create(
        user=actor,
        object_kind=kind,
        object_id=obj.pk,
        object_code=obj.code,
        action=action,
        changes={
            name: [json_value(old), json_value(new)]
            for name, (old, new) in changes.items()
        },
    )


def apply_changes(obj, new_values):
    """Set the changed attributes on ``obj`` and return them as old→new."""
    changes = {}
    for name, new in new_values.items():
        old = getattr(obj, name)
        if json_value(old) != json_value(new):
            changes[name] = (old, new)
            setattr(obj, name, new)
    return changes

"""Operations that change the catalogue; each one leaves a CatalogChange row.

``actor`` is the user making the change. ``None`` stands for the system itself
(management commands, data loads) and is recorded as such; any other actor
must be a platform administrator or editor.
"""

from jiazheng.catalog.services.categories import (
    create_category,
    set_category_active,
    update_category,
)
from jiazheng.catalog.services.holidays import (
    create_holiday,
    delete_holiday,
    sync_holidays,
    update_holiday,
)
from jiazheng.catalog.services.items import create_item, set_item_active, update_item
from jiazheng.catalog.services.pricing_rules import update_pricing_rule

__all__ = [
    "create_category",
    "create_holiday",
    "create_item",
    "delete_holiday",
    "set_category_active",
    "set_item_active",
    "sync_holidays",
    "update_category",
    "update_holiday",
    "update_item",
    "update_pricing_rule",
]

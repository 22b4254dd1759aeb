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
from jiazheng.catalog.services.items import create_item, set_item_active, update_item

__all__ = [
    "create_category",
    "create_item",
    "set_category_active",
    "set_item_active",
    "update_category",
    "update_item",
]

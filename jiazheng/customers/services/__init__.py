"""Every operation that changes customer records, by use case."""

from jiazheng.customers.services.addresses import (
    add_address,
    add_contact,
    remove_address,
    remove_contact,
    update_address,
    update_contact,
)
from jiazheng.customers.services.records import (
    attach_user,
    create_customer,
    get_or_create_customer_for_caller,
    set_tags,
    update_customer,
)

__all__ = [
    "add_address",
    "add_contact",
    "attach_user",
    "create_customer",
    "get_or_create_customer_for_caller",
    "remove_address",
    "remove_contact",
    "set_tags",
    "update_address",
    "update_contact",
    "update_customer",
]

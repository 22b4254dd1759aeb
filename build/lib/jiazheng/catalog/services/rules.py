"""The rules every catalogue change must pass; each refusal names its field."""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import Category, Unit
from jiazheng.catalog.permissions import can_edit_catalog
from jiazheng.common.errors import NotAllowed, ServiceError

CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_MAX_LENGTH = 64
CODE_MAX_LENGTH = 64
DESCRIPTION_MAX_LENGTH = 2000
# DecimalField(max_digits=12, decimal_places=2) holds at most this amount.
MAX_AMOUNT = Decimal("9999999999.99")

CATEGORY_FIELDS = ("name", "parent", "description", "sort_order", "is_hot")
ITEM_FIELDS = (
    "category",
    "name",
    "unit",
    "guidance_price_min",
    "guidance_price_max",
    "description",
    "sort_order",
)


def check_actor(actor):
    if actor is not None and not can_edit_catalog(actor):
        raise NotAllowed(_("只有平台管理员或内容编辑可以修改服务目录。"))


def clean_code(code):
    code = code.strip() if isinstance(code, str) else ""
    if not code:
        raise ServiceError(_("请填写代码。"), code="required", field="code")
    if len(code) > CODE_MAX_LENGTH or not CODE_PATTERN.match(code):
        raise ServiceError(
            _("代码只能由小写英文字母、数字和连字符组成，最长64个字符。"),
            code="invalid_code",
            field="code",
        )
    return code


def duplicate_code_error(code):
    return ServiceError(
        _("代码“%(code)s”已被使用。") % {"code": code},
        code="duplicate_code",
        field="code",
    )


def clean_new_code(model, code):
    """Return ``code`` checked for form and not yet used by ``model``."""
    code = clean_code(code)
    if model.objects.filter(code=code).exists():
        raise duplicate_code_error(code)
    return code


def clean_name(name):
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise ServiceError(_("请填写名称。"), code="required", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(_("名称最长64个字符。"), code="name_too_long", field="name")
    # Names show up in menus, listings and SMS texts; markup never belongs there.
    if "<" in name or ">" in name:
        raise ServiceError(
            _("名称不能包含尖括号（< >）。"), code="invalid_name", field="name"
        )
    return name


def clean_description(description):
    description = description.strip() if isinstance(description, str) else ""
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ServiceError(
            _("说明最长2000个字符。"), code="description_too_long", field="description"
        )
    return description


def clean_sort_order(sort_order):
    if isinstance(sort_order, bool) or not isinstance(sort_order, int):
        raise ServiceError(
            _("排序必须是整数。"), code="invalid_sort_order", field="sort_order"
        )
    if sort_order < 0 or sort_order > 2_147_483_647:
        raise ServiceError(
            _("排序必须是不小于0的整数。"),
            code="invalid_sort_order",
            field="sort_order",
        )
    return sort_order


def clean_amount(value, field):
    if isinstance(value, (float, bool)):
        # A float has already lost the exact yuan and fen the user typed.
        raise ServiceError(_("金额格式不正确。"), code="invalid_amount", field=field)
    try:
        amount = Decimal(str(value).strip()) if value is not None else None
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite():
        raise ServiceError(_("金额格式不正确。"), code="invalid_amount", field=field)
    if amount < 0:
        raise ServiceError(_("指导价不能为负数。"), code="negative_amount", field=field)
    if amount > MAX_AMOUNT:
        raise ServiceError(_("金额过大。"), code="amount_too_large", field=field)
    if amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(
            _("金额最多保留两位小数。"), code="too_many_decimals", field=field
        )
    return amount.quantize(Decimal("0.01"))


def clean_range(low, high):
    low = clean_amount(low, "guidance_price_min")
    high = clean_amount(high, "guidance_price_max")
    if high < low:
        raise ServiceError(
            _("指导价上限不能低于下限。"),
            code="invalid_range",
            field="guidance_price_max",
        )
    return low, high


def clean_unit(unit):
    if unit not in Unit.values:
        raise ServiceError(
            _("请选择有效的计价单位。"), code="invalid_unit", field="unit"
        )
    return unit


def clean_parent(parent, category=None):
    if parent is None:
        return None
    if not isinstance(parent, Category):
        raise ServiceError(_("上级分类不存在。"), code="invalid_parent", field="parent")
    # The tree has two levels, groups and their categories (1.4.1).
    if parent.parent_id is not None:
        raise ServiceError(
            _("上级分类必须是一级分类。"), code="invalid_parent", field="parent"
        )
    if category is not None and category.pk is not None:
        if parent.pk == category.pk:
            raise ServiceError(
                _("分类不能以自己为上级。"), code="invalid_parent", field="parent"
            )
        if category.children.exists():
            raise ServiceError(
                _("该分类下还有子分类，不能再归入其他分类。"),
                code="invalid_parent",
                field="parent",
            )
    return parent


def clean_category_of_item(category):
    if not isinstance(category, Category):
        raise ServiceError(
            _("请选择有效的分类。"), code="invalid_category", field="category"
        )
    return category


def unknown_fields(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ServiceError(
            _("不能修改这些字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))},
            code="unknown_fields",
        )


def clean_category_fields(fields, category=None):
    cleaners = {
        "name": clean_name,
        "description": clean_description,
        "sort_order": clean_sort_order,
        "is_hot": bool,
    }
    cleaned = {}
    for name, value in fields.items():
        if name == "parent":
            cleaned[name] = clean_parent(value, category)
        else:
            cleaned[name] = cleaners[name](value)
    return cleaned


def clean_item_fields(fields, item=None):
    cleaners = {
        "category": clean_category_of_item,
        "name": clean_name,
        "unit": clean_unit,
        "description": clean_description,
        "sort_order": clean_sort_order,
    }
    cleaned = {
        name: cleaners[name](value)
        for name, value in fields.items()
        if name in cleaners
    }
    if "guidance_price_min" in fields or "guidance_price_max" in fields:
        low = fields.get(
            "guidance_price_min", item.guidance_price_min if item else None
        )
        high = fields.get(
            "guidance_price_max", item.guidance_price_max if item else None
        )
        low, high = clean_range(low, high)
        if "guidance_price_min" in fields:
            cleaned["guidance_price_min"] = low
        if "guidance_price_max" in fields:
            cleaned["guidance_price_max"] = high
    return cleaned

"""The customer list as an Excel workbook."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiazheng.common.spreadsheets import safe_cell

EXPORT_MAX_ROWS = 50_000


def customers_workbook(customers):
    """Return a write-only workbook of ``customers`` (at most the row cap)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("客户"))
    sheet.append(
        [
            _("编号"),
            _("类型"),
            _("名称"),
            _("手机号"),
            _("企业会员"),
            _("标签"),
            _("来源"),
            _("已注册会员"),
            _("默认地址"),
            _("创建时间"),
            _("备注"),
        ]
    )
    rows = (
        customers.select_related("enterprise")
        .prefetch_related("tags", "addresses__region")
        .order_by("pk")[:EXPORT_MAX_ROWS]
        .iterator(chunk_size=2000)
    )
    for customer in rows:
        default = next((a for a in customer.addresses.all() if a.is_default), None)
        sheet.append(
            [
                customer.pk,
                customer.get_kind_display(),
                safe_cell(customer.name),
                customer.phone,
                safe_cell(customer.enterprise.name if customer.enterprise else ""),
                safe_cell(", ".join(tag.name for tag in customer.tags.all())),
                customer.get_source_display(),
                _("是") if customer.user_id else _("否"),
                safe_cell(default.full_address if default else ""),
                timezone.localtime(customer.created_at).replace(tzinfo=None),
                safe_cell(customer.note),
            ]
        )
    return workbook

"""Excel exports of the card statistics and the operation log (openpyxl).

Every text cell goes through ``common.spreadsheets.safe_cell``: a holder's
name or a note typed as ``=HYPERLINK(…)`` is shown as text, never run.
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from jiazheng.common.spreadsheets import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(title, header, rows):
    """Return a workbook with one sheet: a bold header, then ``rows``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([_cell(value, bold=True, book=sheet) for value in header])
    for row in rows:
        sheet.append([_plain(value) for value in row])
    return book


def _cell(value, *, bold, book):
    cell = WriteOnlyCell(book, value=safe_cell(str(value)))
    cell.font = Font(bold=bold)
    return cell


def _plain(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, int | float) or hasattr(value, "quantize"):
        return value
    if hasattr(value, "isoformat"):
        return value
    return safe_cell(str(value))


def workbook_response(book, name):
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def operation_log_workbook(rows):
    return workbook(
        _("操作日志"),
        [_("时间"), _("操作员"), _("操作"), _("卡号"), _("摘要"), _("变更内容")],
        (
            (
                row.created_at,
                str(row.operator or ""),
                row.action,
                row.card.number if row.card_id else "",
                row.summary,
                str(row.changes or ""),
            )
            for row in rows.iterator(chunk_size=2000)
        ),
    )

"""The system log in the console (3.7.3 item 3): list, filters and export.

The page lives in web rather than audit because it checks accounts roles,
and the log sits below accounts in the layers.
"""

import io

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiazheng.accounts.models import Organization, Role
from jiazheng.audit.queries import filter_entries
from jiazheng.common.spreadsheets import safe_cell
from jiazheng.web.access import console_view
from jiazheng.web.forms import SystemLogFilterForm

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 50_000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _module_choices():
    """Return the URL namespaces, the names the log uses for modules."""
    names = {"accounts"}
    names.update(name for name in get_resolver().namespace_dict if name != "admin")
    return sorted(names)


def _organization_names(entries):
    ids = {entry.organization_id for entry in entries if entry.organization_id}
    if not ids:
        return {}
    return dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))


@console_view(Role.AUDITOR)
def system_log(request):
    """List the log, newest first, filtered by the query string."""
    form = SystemLogFilterForm(request.GET or None)
    entries = filter_entries(**form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    names = _organization_names(page.object_list)
    for entry in page.object_list:
        entry.organization_name = names.get(entry.organization_id, "")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/system_log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "module_choices": _module_choices(),
            "export_limit": EXPORT_MAX_ROWS,
        },
    )


def _export_row(entry):
    return [
        # Excel has no time zones: write the local wall-clock time.
        timezone.localtime(entry.created_at).replace(tzinfo=None),
        safe_cell(entry.username),
        entry.organization_id,
        safe_cell(entry.module),
        safe_cell(entry.function),
        entry.method,
        safe_cell(entry.path),
        entry.ip_address,
        entry.get_outcome_display(),
        entry.status_code,
        entry.duration_ms,
        safe_cell(entry.user_agent),
        safe_cell(entry.detail),
    ]


@console_view(Role.AUDITOR)
def system_log_export(request):
    """Return the filtered log as an Excel file (newest first, capped)."""
    form = SystemLogFilterForm(request.GET or None)
    entries = filter_entries(**form.filters())

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("系统日志"))
    sheet.append(
        [
            _("时间"),
            _("用户"),
            _("组织编号"),
            _("模块"),
            _("功能"),
            _("请求方法"),
            _("路径"),
            _("IP地址"),
            _("结果"),
            _("状态码"),
            _("耗时(毫秒)"),
            _("客户端"),
            _("说明"),
        ]
    )
    rows = entries[: EXPORT_MAX_ROWS + 1].iterator(chunk_size=2000)
    for number, entry in enumerate(rows):
        if number == EXPORT_MAX_ROWS:
            sheet.append(
                [_("仅导出最新的 %(count)s 条，请缩小筛选范围。") % {"count": number}]
            )
            break
        sheet.append(_export_row(entry))
    buffer = io.BytesIO()
    workbook.save(buffer)

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="system-log-{stamp}.xlsx"'
    return response

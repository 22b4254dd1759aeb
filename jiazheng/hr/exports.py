"""The employee list as an Excel workbook (ID numbers masked, never clear)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiazheng.common.spreadsheets import safe_cell

EXPORT_MAX_ROWS = 50_000


def employees_workbook(employees):
    """Return a write-only workbook of ``employees`` (at most the row cap)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("员工"))
    sheet.append(
        [
            _("编号"),
            _("所属组织"),
            _("姓名"),
            _("性别"),
            _("出生日期"),
            _("手机号"),
            _("身份证号"),
            _("民族"),
            _("籍贯"),
            _("部门"),
            _("岗位"),
            _("入职日期"),
            _("状态"),
            _("离职日期"),
            _("服务人员"),
        ]
    )
    rows = (
        employees.select_related("organization", "department", "position")
        .order_by("organization_id", "pk")[:EXPORT_MAX_ROWS]
        .iterator(chunk_size=2000)
    )
    for employee in rows:
        sheet.append(
            [
                employee.pk,
                safe_cell(employee.organization.name),
                safe_cell(employee.name),
                employee.get_gender_display(),
                employee.birth_date,
                employee.phone,
                employee.id_number_masked,
                employee.get_ethnicity_display(),
                safe_cell(employee.native_place),
                safe_cell(employee.department.name if employee.department else ""),
                safe_cell(employee.position.name if employee.position else ""),
                employee.hired_on,
                employee.get_status_display(),
                employee.left_on,
                _("是") if employee.is_worker else _("否"),
            ]
        )
    return workbook

"""Console pages for personnel records (requirement 4.3 and the worker base).

For the platform's admins and office staff (every organisation) and a
provider's admin (their own provider). Rows come through ``hr_scope`` /
``hr_get_or_404``: another organisation's record answers 404.
"""

import io
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.accounts.permissions import role_required
from jiazheng.common.errors import ServiceError
from jiazheng.hr import services
from jiazheng.hr.access import (
    HR_ROLES,
    hr_get_or_404,
    hr_scope,
    may_use_hr,
    sees_every_organization,
)
from jiazheng.hr.exports import EXPORT_MAX_ROWS, employees_workbook
from jiazheng.hr.forms import (
    DepartmentForm,
    EmployeeFilterForm,
    EmployeeForm,
    LeavingForm,
    PositionChangeForm,
    PositionForm,
)
from jiazheng.hr.models import Department, Employee, Position
from jiazheng.hr.queries import (
    employee_counts_by_department,
    employee_statistics,
    filter_employees,
)

PAGE_SIZE = 30
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def hr_view(view):
    """Require an HR role, held where it lets the user manage someone."""

    @role_required(*HR_ROLES)
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_use_hr(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _employees(user):
    return hr_scope(
        Employee.objects.select_related("organization", "department", "position"),
        user,
    )


def _filtered(request):
    form = EmployeeFilterForm(request.GET or None, user=request.user)
    filters, organization = form.filters()
    employees = _employees(request.user)
    if organization is not None:
        employees = employees.filter(organization=organization)
    return form, filter_employees(employees, **filters)


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@hr_view
def employee_list(request):
    form, employees = _filtered(request)
    page = Paginator(employees, PAGE_SIZE).get_page(request.GET.get("page"))
    departments = list(
        hr_scope(Department.objects.select_related("organization"), request.user)
    )
    counts = employee_counts_by_department(_employees(request.user))
    return render(
        request,
        "hr/console/employee_list.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "departments": [(d, counts.get(d.pk, 0)) for d in departments],
            "show_organization": sees_every_organization(request.user),
            "export_limit": EXPORT_MAX_ROWS,
        },
    )


@hr_view
def employee_export(request):
    """Return the filtered list as an Excel file (ID numbers masked)."""
    _form, employees = _filtered(request)
    buffer = io.BytesIO()
    employees_workbook(employees).save(buffer)
    filename = f"employees-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@hr_view
def employee_stats(request):
    """Head counts by age band, ethnicity and native place (4.3)."""
    form, employees = _filtered(request)
    return render(
        request,
        "hr/console/employee_stats.html",
        {
            "form": form,
            "stats": employee_statistics(employees),
            "query": _query_without_page(request),
        },
    )


@hr_view
def employee_detail(request, pk):
    employee = hr_get_or_404(_employees(request.user), request.user, pk=pk)
    changes = employee.position_changes.select_related(
        "from_department", "to_department", "from_position", "to_position", "changed_by"
    )
    return render(
        request,
        "hr/console/employee_detail.html",
        {"employee": employee, "changes": changes},
    )


@hr_view
def employee_create(request):
    form = EmployeeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            employee = services.create_employee(
                organization=data.pop("organization"),
                name=data.pop("name"),
                phone=data.pop("phone"),
                department=data.pop("department"),
                position=data.pop("position"),
                actor=request.user,
                **data,
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("员工档案已创建。"))
            return redirect("hr_console:employee_detail", pk=employee.pk)
    return render(
        request, "hr/console/employee_form.html", {"form": form, "employee": None}
    )


@hr_view
def employee_edit(request, pk):
    employee = hr_get_or_404(_employees(request.user), request.user, pk=pk)
    form = EmployeeForm(
        request.POST or None,
        user=request.user,
        employee=employee,
        initial=EmployeeForm.initial_for(employee),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # A blank ID number keeps the stored one (it is never shown).
        data["id_number"] = data["id_number"] or None
        try:
            services.update_employee(employee=employee, actor=request.user, **data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("员工档案已保存。"))
            return redirect("hr_console:employee_detail", pk=employee.pk)
    return render(
        request,
        "hr/console/employee_form.html",
        {"form": form, "employee": employee},
    )


@hr_view
def employee_position(request, pk):
    """Move an employee to another department or position (recorded)."""
    employee = hr_get_or_404(_employees(request.user), request.user, pk=pk)
    form = PositionChangeForm(
        request.POST or None,
        employee=employee,
        initial={
            "department": employee.department,
            "position": employee.position,
            "changed_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_position(
                employee=employee, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("岗位变动已记录。"))
            return redirect("hr_console:employee_detail", pk=employee.pk)
    return render(
        request,
        "hr/console/employee_action.html",
        {"form": form, "employee": employee, "title": _("岗位变动")},
    )


@hr_view
def employee_leave(request, pk):
    employee = hr_get_or_404(_employees(request.user), request.user, pk=pk)
    form = LeavingForm(request.POST or None, initial={"left_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_leaving(
                employee=employee, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("已办理离职。"))
            return redirect("hr_console:employee_detail", pk=employee.pk)
    return render(
        request,
        "hr/console/employee_action.html",
        {"form": form, "employee": employee, "title": _("办理离职")},
    )


@hr_view
def department_list(request):
    """The departments the user manages, with head counts; add one."""
    form = DepartmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_department(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("部门已添加。"))
            return redirect("hr_console:department_list")
    departments = hr_scope(
        Department.objects.select_related("organization", "parent"), request.user
    )
    counts = employee_counts_by_department(_employees(request.user))
    return render(
        request,
        "hr/console/department_list.html",
        {
            "form": form,
            "rows": [(d, counts.get(d.pk, 0)) for d in departments],
            "show_organization": sees_every_organization(request.user),
        },
    )


@hr_view
def position_list(request):
    """The positions the user manages; add one."""
    form = PositionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_position(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("岗位已添加。"))
            return redirect("hr_console:position_list")
    positions = hr_scope(Position.objects.select_related("organization"), request.user)
    return render(
        request,
        "hr/console/position_list.html",
        {
            "form": form,
            "positions": positions,
            "show_organization": sees_every_organization(request.user),
        },
    )

"""Console pages for the holiday table and the price rule (issue 3, item 4).

Platform staff read both; only platform administrators change them.
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.catalog import services
from jiazheng.catalog.forms import HolidayForm, PricingRuleForm
from jiazheng.catalog.holiday_calendar import package_years
from jiazheng.catalog.models import Holiday
from jiazheng.catalog.permissions import can_edit_pricing, can_view_catalog_console
from jiazheng.catalog.queries import (
    holiday_changes,
    holidays_known_until,
    pricing_rule,
    pricing_rule_changes,
)
from jiazheng.common.errors import ServiceError

HISTORY_ROWS = 20
RULE_FIELDS = (
    "holiday_surcharge_percent",
    "weekend_surcharge_percent",
    "cancellation_free_hours",
    "auto_confirm_hours",
)


def pricing_console(*, edit):
    """Let platform staff in; with ``edit``, only platform administrators."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            allowed = (
                can_edit_pricing(request.user)
                if edit
                else can_view_catalog_console(request.user)
            )
            if not allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def _year_from(value, default):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    return year if 1999 <= year <= 2100 else default


def _list_url(year):
    return f"{reverse('catalog_console:holiday_list')}?year={year}"


@pricing_console(edit=False)
def holiday_list(request):
    """Show one year's days off and make-up workdays, and warn of a missing year."""
    today = timezone.localdate()
    year = _year_from(request.GET.get("year"), today.year)
    # At most 366 rows a year; the year list is one per year on record.
    days = list(
        Holiday.objects.filter(date__year=year)
        .select_related("updated_by")
        .order_by("date")
    )
    years = sorted(
        set(
            Holiday.objects.annotate(year=ExtractYear("date"))
            .values_list("year", flat=True)
            .distinct()
        )
        | {today.year, today.year + 1}
    )
    next_year = today.year + 1
    next_year_missing = not Holiday.objects.filter(date__year=next_year).exists()
    return render(
        request,
        "catalog/console/holiday_list.html",
        {
            "year": year,
            "years": years,
            "days": days,
            "days_off": sum(1 for day in days if not day.is_workday),
            "workdays": sum(1 for day in days if day.is_workday),
            "next_year": next_year,
            "next_year_missing": next_year_missing,
            "known_until": holidays_known_until(),
            "package_last_year": package_years()[-1],
            "can_edit": can_edit_pricing(request.user),
        },
    )


@pricing_console(edit=True)
def holiday_create(request):
    initial = {}
    year = _year_from(request.GET.get("year"), None)
    if year is not None:
        initial["date"] = date(year, 1, 1)
    form = HolidayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            holiday = services.create_holiday(actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("已添加 %(date)s %(name)s。")
                % {"date": holiday.date.isoformat(), "name": holiday.name},
            )
            return redirect(_list_url(holiday.date.year))
    return render(
        request, "catalog/console/holiday_form.html", {"form": form, "holiday": None}
    )


@pricing_console(edit=True)
def holiday_edit(request, pk):
    holiday = get_object_or_404(Holiday, pk=pk)
    initial = {
        "date": holiday.date,
        "name": holiday.name,
        "is_workday": holiday.is_workday,
    }
    form = HolidayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            holiday = services.update_holiday(
                actor=request.user, holiday=holiday, **form.cleaned_data
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request,
                _("已保存 %(date)s %(name)s。")
                % {"date": holiday.date.isoformat(), "name": holiday.name},
            )
            return redirect(_list_url(holiday.date.year))
    return render(
        request,
        "catalog/console/holiday_form.html",
        {
            "form": form,
            "holiday": holiday,
            "history": holiday_changes(holiday.date, HISTORY_ROWS),
        },
    )


@require_POST
@pricing_console(edit=True)
def holiday_delete(request, pk):
    holiday = get_object_or_404(Holiday, pk=pk)
    services.delete_holiday(actor=request.user, holiday=holiday)
    messages.success(
        request,
        _("已删除 %(date)s %(name)s。")
        % {"date": holiday.date.isoformat(), "name": holiday.name},
    )
    return redirect(_list_url(holiday.date.year))


@require_POST
@pricing_console(edit=True)
def holiday_sync(request):
    """Load every year the chinesecalendar package knows, keeping manual days."""
    year = _year_from(request.POST.get("year"), timezone.localdate().year)
    try:
        result = services.sync_holidays(actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _(
                "已从数据包同步 %(first)s–%(last)s 年：新增 %(created)s 天，"
                "更新 %(updated)s 天，保留手工维护 %(kept)s 天。"
            )
            % {
                "first": result.years[0],
                "last": result.years[-1],
                "created": result.created,
                "updated": result.updated,
                "kept": result.kept_manual + result.kept_deleted,
            },
        )
    return redirect(_list_url(year))


@pricing_console(edit=False)
def pricing_rule_page(request):
    """Show the price rule with its history; administrators change it here."""
    rule = pricing_rule()
    can_edit = can_edit_pricing(request.user)
    form = PricingRuleForm(
        request.POST or None,
        initial={name: getattr(rule, name) for name in RULE_FIELDS},
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_pricing_rule(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("已保存价格规则。"))
                return redirect("catalog_console:pricing_rule")
    return render(
        request,
        "catalog/console/pricing_rule.html",
        {
            "form": form,
            "rule": rule,
            "can_edit": can_edit,
            "history": pricing_rule_changes(HISTORY_ROWS),
        },
    )

"""Card settings pages (3.6 item 4): rules, levels, bonuses, items, operators, log."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards import forms
from jiazheng.cards.access import acting_organization, manager_view
from jiazheng.cards.exports import operation_log_workbook, workbook_response
from jiazheng.cards.models import (
    BonusRule,
    CardItem,
    CardLevel,
    CardOperationLog,
    CardOperator,
    CardPolicy,
)
from jiazheng.cards.services.policy import (
    ensure_levels,
    policy_for,
    save_setting,
    update_policy,
)
from jiazheng.cards.views.common import form_error, page_of, query_without_page
from jiazheng.common.errors import ServiceError

# model, form, URL stem, title, log action
SETTINGS = {
    "level": (CardLevel, forms.LevelForm, gettext_lazy("会员级别"), "level"),
    "bonus_rule": (
        BonusRule,
        forms.BonusRuleForm,
        gettext_lazy("充值赠送规则"),
        "bonus",
    ),
    "item": (CardItem, forms.CardItemForm, gettext_lazy("消费项目"), "item"),
    "operator": (
        CardOperator,
        forms.CardOperatorForm,
        gettext_lazy("操作员"),
        "operator",
    ),
}


def _list(request, stem):
    model, _form, title, _action = SETTINGS[stem]
    organization = acting_organization(request.user)
    if stem == "level" and organization is not None:
        ensure_levels(organization)
    rows = scope(model.objects.select_related("organization"), request.user)
    return render(
        request,
        f"cards/console/settings_{stem}_list.html",
        {
            "rows": rows,
            "title": title,
            "stem": stem,
            "can_add": stem != "level" and organization is not None,
        },
    )


def _edit(request, stem, pk=None):
    model, form_class, title, action = SETTINGS[stem]
    if pk is None:
        organization = acting_organization(request.user)
        if organization is None:
            messages.error(request, _("您不属于任何发卡组织。"))
            return redirect(f"cards_console:{stem}_list")
        instance = model(organization=organization)
    else:
        instance = get_scoped_or_404(model.objects.all(), request.user, pk=pk)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            save_setting(
                instance=form.instance,
                operator=request.user,
                action=action,
                label=title,
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"cards_console:{stem}_list")
    return render(
        request,
        "cards/console/settings_form.html",
        {"form": form, "title": title, "stem": stem},
    )


@manager_view
def level_list(request):
    return _list(request, "level")


@manager_view
def level_edit(request, pk):
    return _edit(request, "level", pk)


@manager_view
def bonus_rule_list(request):
    return _list(request, "bonus_rule")


@manager_view
def bonus_rule_create(request):
    return _edit(request, "bonus_rule")


@manager_view
def bonus_rule_edit(request, pk):
    return _edit(request, "bonus_rule", pk)


@manager_view
def item_list(request):
    return _list(request, "item")


@manager_view
def item_create(request):
    return _edit(request, "item")


@manager_view
def item_edit(request, pk):
    return _edit(request, "item", pk)


@manager_view
def operator_list(request):
    return _list(request, "operator")


@manager_view
def operator_create(request):
    return _edit(request, "operator")


@manager_view
def operator_edit(request, pk):
    return _edit(request, "operator", pk)


@manager_view
def policy_list(request):
    organization = acting_organization(request.user)
    if organization is not None:
        policy_for(organization)
    policies = scope(CardPolicy.objects.select_related("organization"), request.user)
    return render(
        request, "cards/console/settings_policy_list.html", {"rows": policies}
    )


@manager_view
def policy_edit(request, pk):
    policy = get_scoped_or_404(CardPolicy.objects.all(), request.user, pk=pk)
    form = forms.PolicyForm(
        request.POST or None, instance=CardPolicy.objects.get(pk=pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_policy(
                policy=policy,
                operator=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("会员卡规则已保存。"))
            return redirect("cards_console:policy_list")
    return render(
        request,
        "cards/console/settings_form.html",
        {"form": form, "title": _("会员卡规则"), "stem": "policy"},
    )


@manager_view
def operation_log(request):
    """Browse and export the log of every card operation, by operator (4.4)."""
    rows = scope(
        CardOperationLog.objects.select_related("operator", "card"), request.user
    )
    filters = forms.DateRangeForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data["start"]:
            rows = rows.filter(created_at__date__gte=data["start"])
        if data["end"]:
            rows = rows.filter(created_at__date__lte=data["end"])
        if data["q"]:
            rows = rows.filter(summary__icontains=data["q"])
    operator = request.GET.get("operator")
    if operator and operator.isdigit():
        rows = rows.filter(operator_id=int(operator))
    if request.GET.get("export") == "xlsx":
        return workbook_response(
            operation_log_workbook(rows[:50000]), "card-operations"
        )
    return render(
        request,
        "cards/console/operation_log.html",
        {
            "page": page_of(request, rows),
            "filters": filters,
            "query": query_without_page(request),
        },
    )

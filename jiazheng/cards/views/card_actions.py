"""Counter actions on a card: freeze, replace, close, refunds, packages, approvals."""

import logging
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards import forms, services
from jiazheng.cards.access import (
    counter_view,
    manager_view,
)
from jiazheng.cards.models import (
    CardApproval,
    EntryKind,
)
from jiazheng.cards.services import approvals
from jiazheng.cards.services.funds import refundable_top_up
from jiazheng.cards.views.common import (
    card_or_404,
    entry_or_404,
    form_error,
    page_of,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.money import format_yuan

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")


def _reason_action(request, pk, *, action, title, form_class=forms.ReasonForm):
    card = card_or_404(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return action(card, form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": title},
    )


def _approval_requested(request, card, exc, **request_kwargs):
    approvals.request_approval(card=card, requested_by=request.user, **request_kwargs)
    messages.warning(
        request, _("%(message)s 已提交复核申请。") % {"message": exc.message}
    )
    return redirect("cards_console:card_detail", pk=card.pk)


@counter_view
def card_freeze(request, pk):
    def action(card, data):
        services.freeze(card=card, operator=request.user, reason=data["reason"])
        messages.success(request, _("已冻结。"))
        return redirect("cards_console:card_detail", pk=card.pk)

    return _reason_action(request, pk, action=action, title=_("冻结"))


@counter_view
def card_unfreeze(request, pk):
    def action(card, data):
        services.unfreeze(card=card, operator=request.user, reason=data["reason"])
        messages.success(request, _("已恢复。"))
        return redirect("cards_console:card_detail", pk=card.pk)

    return _reason_action(request, pk, action=action, title=_("恢复"))


@counter_view
def card_replace(request, pk):
    def action(card, data):
        new = services.replace_card(
            card=card, operator=request.user, reason=data["reason"]
        )
        messages.success(
            request, _("已补发新卡 %(number)s，余额已转入。") % {"number": new.number}
        )
        return redirect("cards_console:card_detail", pk=new.pk)

    return _reason_action(request, pk, action=action, title=_("补卡"))


@counter_view
def card_reactivate(request, pk):
    """激活/延期: extend the validity and restore any expired balance."""

    def action(card, data):
        card = services.reactivate(
            card=card,
            operator=request.user,
            reason=data["reason"],
            expires_on=data["expires_on"],
        )
        restored = sum((entry.amount for entry in card.restored), 0)
        messages.success(
            request,
            _("已激活，有效期至 %(day)s，恢复余额 %(amount)s。")
            % {
                "day": card.expires_on or _("长期有效"),
                "amount": format_yuan(restored),
            },
        )
        return redirect("cards_console:card_detail", pk=card.pk)

    return _reason_action(
        request,
        pk,
        action=action,
        title=_("激活/延期"),
        form_class=forms.ReactivateForm,
    )


@manager_view
def card_close(request, pk):
    card = card_or_404(request.user, pk)
    refund, forfeit = services.close_quote(card)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.close_card(
                card=card,
                operator=request.user,
                reason=data["reason"],
                method=data["method"],
            )
        except ServiceError as exc:
            if exc.code != "approval_required":
                form_error(form, exc)
            else:
                return _approval_requested(
                    request,
                    card,
                    exc,
                    action=CardApproval.Action.CLOSE,
                    amount=refund,
                    reason=data["reason"],
                    params={"method": data["method"]},
                )
        else:
            messages.success(
                request, _("已退卡，退款 %(amount)s。") % {"amount": -entry.amount}
            )
            return redirect("cards_console:receipt", pk=entry.pk)
    return render(
        request,
        "cards/console/card_close.html",
        {"card": card, "form": form, "refund": refund, "forfeit": forfeit},
    )


@manager_view
def card_adjust(request, pk):
    card = card_or_404(request.user, pk)
    form = forms.AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.adjust(
                card=card,
                amount=data["amount"],
                operator=request.user,
                reason=data["reason"],
            )
        except ServiceError as exc:
            if exc.code != "approval_required":
                form_error(form, exc)
            else:
                return _approval_requested(
                    request,
                    card,
                    exc,
                    action=CardApproval.Action.ADJUST,
                    amount=abs(data["amount"]),
                    reason=data["reason"],
                    params={"amount": str(data["amount"])},
                )
        else:
            messages.success(request, _("余额已调整。"))
            return redirect("cards_console:card_detail", pk=card.pk)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": _("余额调整")},
    )


@counter_view
def card_pin(request, pk):
    card = card_or_404(request.user, pk)
    form = forms.PinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_pin(
                card=card, pin=form.cleaned_data["pin"] or None, operator=request.user
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("支付密码已更新。"))
            return redirect("cards_console:card_detail", pk=card.pk)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": _("设置支付密码")},
    )


@counter_view
def card_package(request, pk):
    card = card_or_404(request.user, pk)
    form = forms.PackageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.buy_package(card=card, operator=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("次卡已购买。"))
            return redirect("cards_console:card_detail", pk=card.pk)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": _("购买次卡")},
    )


@require_POST
@counter_view
def package_use(request, pk, package_pk):
    card = card_or_404(request.user, pk)
    package = card.packages.filter(pk=package_pk).first()
    if package is None:
        messages.error(request, _("找不到这张次卡。"))
        return redirect("cards_console:card_detail", pk=card.pk)
    try:
        entry = services.use_visit(
            package=package,
            operator=request.user,
            idempotency_key=request.POST.get("idempotency_key", ""),
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect("cards_console:card_detail", pk=card.pk)
    messages.success(request, _("已核销一次。"))
    return redirect("cards_console:receipt", pk=entry.pk)


@manager_view
def entry_refund(request, pk):
    entry = entry_or_404(request.user, pk)
    card = entry.card
    form = forms.RefundForm(request.POST or None)
    top_up_problem = (
        refundable_top_up(entry) if entry.kind == EntryKind.TOP_UP else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry.kind == EntryKind.TOP_UP:
                action = CardApproval.Action.REFUND_TOP_UP
                amount = entry.principal_delta
                result = services.refund_top_up(
                    entry=entry, operator=request.user, reason=data["reason"]
                )
            else:
                action = CardApproval.Action.REFUND_PAYMENT
                amount = data["amount"] or -entry.amount
                result = services.refund_payment(
                    entry=entry,
                    operator=request.user,
                    reason=data["reason"],
                    amount=data["amount"],
                )
        except ServiceError as exc:
            if exc.code != "approval_required":
                form_error(form, exc)
            else:
                return _approval_requested(
                    request,
                    card,
                    exc,
                    action=action,
                    amount=amount,
                    reason=data["reason"],
                    params={
                        "entry_id": entry.pk,
                        "amount": str(data["amount"]) if data["amount"] else None,
                    },
                )
        else:
            messages.success(request, _("已退款。"))
            return redirect("cards_console:receipt", pk=result.pk)
    return render(
        request,
        "cards/console/entry_refund.html",
        {"card": card, "entry": entry, "form": form, "top_up_problem": top_up_problem},
    )


@manager_view
def approval_list(request):
    pending = scope(
        CardApproval.objects.select_related("card", "requested_by"),
        request.user,
        field="card__organization",
    ).filter(status=CardApproval.Status.PENDING)
    return render(
        request,
        "cards/console/approval_list.html",
        {"approvals": pending, "page": page_of(request, pending)},
    )


@require_POST
@manager_view
def approval_decide(request, pk):
    approval = get_scoped_or_404(
        CardApproval.objects.all(), request.user, field="card__organization", pk=pk
    )
    try:
        approvals.decide(
            approval=approval,
            approver=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已处理。"))
    return redirect("cards_console:approval_list")

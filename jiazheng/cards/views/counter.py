"""The card counter (3.6 items 1 and 2): find, open, edit, top up, pay, receipt."""

import logging
from decimal import ROUND_HALF_UP, Decimal

import segno
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards import forms, services
from jiazheng.cards.access import (
    acting_organization,
    can_manage,
    counter_view,
)
from jiazheng.cards.models import (
    Card,
    CardApproval,
    CardItem,
)
from jiazheng.cards.numbers import is_valid_card_number
from jiazheng.cards.services.policy import ensure_levels, policy_for
from jiazheng.cards.services.rules import cap_for
from jiazheng.cards.views.common import (
    card_or_404,
    entry_or_404,
    form_error,
    new_key,
    page_of,
    query_without_page,
    scoped_cards,
)
from jiazheng.common.errors import ServiceError
from jiazheng.customers.queries import customer_for_phone
from jiazheng.customers.services import get_or_create_customer_for_caller

logger = logging.getLogger(__name__)
CENT = Decimal("0.01")


@counter_view
def card_list(request):
    """List the cards the user may see, with a search by number or name."""
    cards = scoped_cards(request.user)
    lookup = forms.CardLookupForm(request.GET or None)
    q = (request.GET.get("q") or "").strip()
    if q:
        cards = cards.filter(
            Q(number=q) | Q(customer__name__icontains=q) | Q(holder_name__icontains=q)
        )
    status = request.GET.get("status")
    if status in Card.Status.values:
        cards = cards.filter(status=status)
    return render(
        request,
        "cards/console/card_list.html",
        {
            "page": page_of(request, cards),
            "query": query_without_page(request),
            "q": q,
            "status": status,
            "statuses": Card.Status.choices,
            "lookup": lookup,
        },
    )


@counter_view
def card_lookup(request):
    """Open a card by its number, typed or scanned from its QR code."""
    number = (request.GET.get("number") or "").strip()
    if not is_valid_card_number(number):
        messages.error(request, _("卡号无效，请核对后重新输入。"))
        return redirect("cards_console:card_list")
    card = scoped_cards(request.user).filter(number=number).first()
    if card is None:
        messages.error(request, _("找不到这张卡。"))
        return redirect("cards_console:card_list")
    return redirect("cards_console:card_detail", pk=card.pk)


@counter_view
def card_open(request):
    organization = acting_organization(request.user)
    if organization is None:
        messages.error(request, _("您不属于任何发卡组织。"))
        return redirect("cards_console:card_list")
    levels = ensure_levels(organization)
    form = forms.OpenCardForm(request.POST or None, levels=levels)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            customer = None
            if data["kind"] == Card.Kind.NAMED:
                customer = customer_for_phone(data["phone"])
                if customer is None:
                    customer, _created = get_or_create_customer_for_caller(
                        phone=data["phone"],
                        name=data["name"] or data["phone"][-4:],
                        kind="family",
                        created_by=request.user,
                    )
            card = services.open_card(
                organization=organization,
                kind=data["kind"],
                operator=request.user,
                customer=customer,
                holder_name=data["holder_name"],
                level=data["level"],
                pin=data["pin"] or None,
                initial_amount=data["initial_amount"],
                method=data["method"],
                reference=data["reference"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, _("已开卡 %(number)s。") % {"number": card.number}
            )
            return redirect("cards_console:card_detail", pk=card.pk)
    return render(
        request,
        "cards/console/card_open.html",
        {"form": form, "organization": organization},
    )


def _card_context(request, card, **extra):
    policy = policy_for(card.organization)
    entries = card.entries.select_related("operator").order_by("-seq")
    return {
        "card": card,
        "cap": cap_for(card, policy),
        "policy": policy,
        "entries": page_of(request, entries, per_page=20),
        "packages": card.packages.select_related("service_item"),
        "approvals": card.approvals.filter(status=CardApproval.Status.PENDING),
        "can_manage": can_manage(request.user),
        "is_open": card.status in (Card.Status.ACTIVE, Card.Status.FROZEN),
        "is_expired": bool(card.expires_on and card.expires_on < timezone.localdate()),
        **extra,
    }


@counter_view
def card_detail(request, pk):
    card = card_or_404(request.user, pk)
    return render(
        request, "cards/console/card_detail.html", _card_context(request, card)
    )


@counter_view
def card_edit(request, pk):
    card = card_or_404(request.user, pk)
    initial = {
        "holder_name": card.holder_name,
        "level": card.level,
        "expires_on": card.expires_on,
        "note": card.note,
    }
    form = forms.EditCardForm(request.POST or None, card=card, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_card(card=card, operator=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("卡资料已保存。"))
            return redirect("cards_console:card_detail", pk=card.pk)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": _("修改卡资料")},
    )


@counter_view
def card_top_up(request, pk):
    card = card_or_404(request.user, pk)
    form = forms.TopUpForm(request.POST or None, initial={"idempotency_key": new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.top_up(
                card=card,
                amount=data["amount"],
                method=data["method"],
                operator=request.user,
                reference=data["reference"],
                idempotency_key=data["idempotency_key"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("充值成功。"))
            return redirect("cards_console:receipt", pk=entry.pk)
    return render(
        request,
        "cards/console/card_form.html",
        {"card": card, "form": form, "title": _("充值")},
    )


def quote(card, quantities, extra_amount):
    """Return receipt lines and the total with the card level's discount."""
    rate = card.level.discount_percent / Decimal(100)
    lines = []
    total = Decimal("0.00")
    for item, quantity in quantities.items():
        if not quantity:
            continue
        amount = (item.price * quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP)
        lines.append(
            {
                "item_id": item.pk,
                "name": item.name,
                "quantity": quantity,
                "price": str(item.price),
                "amount": str(amount),
            }
        )
        total += amount
    if extra_amount:
        lines.append(
            {
                "name": _("其他"),
                "quantity": 1,
                "price": str(extra_amount),
                "amount": str(extra_amount),
            }
        )
        total += extra_amount
    return lines, total


@counter_view
def card_pay(request, pk):
    card = card_or_404(request.user, pk)
    items = CardItem.objects.filter(
        organization_id=card.organization_id, is_active=True
    )
    form = forms.PayForm(
        request.POST or None, items=items, initial={"idempotency_key": new_key()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lines, total = quote(card, form.quantities(), data["extra_amount"])
        if data["extra_note"] and data["extra_amount"]:
            lines[-1]["name"] = data["extra_note"]
        try:
            entry = services.pay(
                card=card,
                amount=total,
                items=lines,
                operator=request.user,
                idempotency_key=data["idempotency_key"] or new_key(),
                pin=data["pin"] or None,
                reference=data["reference"],
            )
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("消费成功。"))
            return redirect("cards_console:receipt", pk=entry.pk)
    return render(request, "cards/console/card_pay.html", {"card": card, "form": form})


@counter_view
def receipt(request, pk):
    """A printable receipt of one ledger entry."""
    entry = entry_or_404(request.user, pk)
    return render(
        request,
        "cards/console/receipt.html",
        {"entry": entry, "card": entry.card, "payment": -entry.amount},
    )


@counter_view
def card_qr(request, pk):
    """The card number as a QR code (SVG), to print on the card."""
    card = card_or_404(request.user, pk)
    qr = segno.make(card.number, error="m")
    response = HttpResponse(content_type="image/svg+xml")
    qr.save(response, kind="svg", scale=6, border=2, xmldecl=False)
    return response

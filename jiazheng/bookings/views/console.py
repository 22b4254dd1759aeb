"""Console pages of orders: the call-in screen, the order list and detail."""

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.bookings import queries, services
from jiazheng.bookings.forms import (
    CallInForm,
    OrderFilterForm,
    ReasonForm,
    SurveyNoteForm,
)
from jiazheng.bookings.models import Order, Review
from jiazheng.bookings.services.orders import PLATFORM, PROVIDER, capacities
from jiazheng.bookings.views.common import add_service_error, message_service_error
from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import normalize_mobile
from jiazheng.customers.queries import customer_for_phone

logger = logging.getLogger(__name__)
PAGE_SIZE = 30
LAST_ORDERS = 5


def order_staff_required(view):
    """Platform dispatchers and admins, and provider staff; others get 403."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not queries.may_work_orders(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def dispatcher_required(view):
    """Only the platform's dispatchers and admins take calls."""

    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not queries.is_platform_dispatcher(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _caller(phone):
    return customer_for_phone(normalize_mobile(phone or ""))


def _caller_context(customer, user):
    if customer is None:
        return {"customer": None}
    return {
        "customer": customer,
        "addresses": customer.addresses.select_related("region"),
        "last_orders": queries.orders_of_customer(customer)[:LAST_ORDERS],
        "cards": queries.caller_cards(customer, user),
    }


@dispatcher_required
def call_in(request):
    """Take a booking by phone; the caller's record is found or made here."""
    phone = request.POST.get("phone") or request.GET.get("phone") or ""
    customer = _caller(phone)
    form = CallInForm(request.POST or None, customer=customer, initial={"phone": phone})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            order, created = services.book_call_in(
                phone=data["phone"],
                name=data.get("name") or "",
                kind=data["kind"],
                taken_by=request.user,
                **form.service_fields(),
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            text = _("已为来电客户下单，订单号 %(number)s。")
            if created:
                text = _("已为新客户建档并下单，订单号 %(number)s。")
            messages.success(request, text % {"number": order.number})
            return redirect("bookings_console:order_detail", pk=order.pk)
    context = {
        "form": form,
        "phone": phone,
    }
    context.update(_caller_context(customer, request.user))
    return render(request, "bookings/console/call_in.html", context)


@dispatcher_required
def call_in_lookup(request):
    """The htmx partial: the caller's record, addresses, cards, last orders."""
    phone = request.GET.get("phone", "")
    context = {"phone": phone, **_caller_context(_caller(phone), request.user)}
    return render(request, "bookings/console/_caller.html", context)


def _filtered(request, orders):
    form = OrderFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            q = data["q"].strip()
            orders = orders.filter(
                Q(number__icontains=q)
                | Q(customer__name__icontains=q)
                | Q(customer__phone__endswith=q)
            )
        if data.get("status"):
            orders = orders.filter(status=data["status"])
        if data.get("date"):
            orders = orders.filter(starts_at__date=data["date"])
        if data.get("channel"):
            orders = orders.filter(booking__channel=data["channel"])
    return form, orders


@order_staff_required
def order_list(request):
    form, orders = _filtered(request, queries.console_orders(request.user))
    page = Paginator(orders.order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bookings/console/order_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _order(request, pk):
    return get_scoped_or_404(
        queries.console_orders(request.user).select_related("booking__taken_by"),
        request.user,
        pk=pk,
    )


def _dispatch_url(order):
    try:
        return reverse("dispatch:order", args=[order.pk])
    except NoReverseMatch:
        return ""


@order_staff_required
def order_detail(request, pk):
    order = _order(request, pk)
    if request.method == "POST":
        # The detail URL itself changes nothing; actions have their own URLs.
        return redirect("bookings_console:order_detail", pk=order.pk)
    caps = capacities(order, request.user)
    context = {
        "order": order,
        "events": order.events.select_related("actor"),
        "work_orders": order.work_orders.select_related("worker__employee"),
        "survey_form": SurveyNoteForm(),
        "may_confirm": order.status == Order.Status.SUBMITTED,
        "may_cancel": order.is_open,
        "may_complete": order.status == Order.Status.IN_SERVICE and PLATFORM in caps,
        "staff": bool(caps & {PLATFORM, PROVIDER}),
        "dispatch_url": _dispatch_url(order),
    }
    return render(request, "bookings/console/order_detail.html", context)


def _act(request, pk, action, success):
    order = _order(request, pk)
    try:
        action(order)
    except ServiceError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect("bookings_console:order_detail", pk=order.pk)


@require_POST
@order_staff_required
def order_confirm(request, pk):
    return _act(
        request,
        pk,
        lambda order: services.confirm_order(order=order, actor=request.user),
        _("订单已确认，已短信通知客户。"),
    )


@require_POST
@order_staff_required
def order_cancel(request, pk):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda order: services.cancel_order(
            order=order, actor=request.user, reason=reason
        ),
        _("订单已取消。"),
    )


@require_POST
@order_staff_required
def order_complete(request, pk):
    return _act(
        request,
        pk,
        lambda order: services.confirm_completion(order=order, actor=request.user),
        _("已代客户确认完成。"),
    )


@require_POST
@order_staff_required
def order_survey(request, pk):
    form = SurveyNoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda order: services.add_survey_note(
            order=order, actor=request.user, note=note
        ),
        _("已记录需求调查。"),
    )


@order_staff_required
def review_list(request):
    reviews = scope(
        Review.objects.select_related("order", "customer", "worker__employee"),
        request.user,
    ).order_by("-created_at", "-pk")
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "bookings/console/review_list.html", {"page": page})

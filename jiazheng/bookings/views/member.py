"""The member's booking pages: book, my orders, cancel, confirm, review."""

import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.models import Role
from jiazheng.accounts.permissions import role_required
from jiazheng.bookings import queries, services
from jiazheng.bookings.forms import BookAgainForm, BookingForm, ReasonForm, ReviewForm
from jiazheng.bookings.models import Order
from jiazheng.bookings.services.orders import cancellation_deadline
from jiazheng.bookings.views.common import add_service_error, message_service_error
from jiazheng.common.errors import ServiceError
from jiazheng.customers.queries import customer_for_user

logger = logging.getLogger(__name__)

member_required = role_required(Role.FAMILY_MEMBER, Role.ENTERPRISE_MEMBER)
PAGE_SIZE = 20


def _own_order(request, pk):
    customer = customer_for_user(request.user)
    order = (
        queries.orders_of_customer(customer)
        .select_related("booking", "customer")
        .filter(pk=pk)
        .first()
    )
    if order is None:
        raise Http404
    return order


def _replace_url(order):
    try:
        return reverse("dispatch:replace", args=[order.pk])
    except NoReverseMatch:
        return ""


@member_required
def book_new(request):
    customer = customer_for_user(request.user)
    initial = {}
    if request.GET.get("item"):
        initial["item"] = request.GET["item"]
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = BookingForm(request.POST or None, customer=customer, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.book_online(
                customer=customer, actor=request.user, **form.service_fields()
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("预约已提交，订单号 %(number)s，确认后将短信通知您。")
                % {"number": order.number},
            )
            return redirect("bookings:order_detail", pk=order.pk)
    return render(request, "bookings/book_new.html", {"form": form})


@member_required
def book_again(request, pk):
    order = _own_order(request, pk)
    form = BookAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.slot()
        try:
            new = services.book_again(
                order=order, actor=request.user, starts_at=starts_at, ends_at=ends_at
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            if new.preferred_worker_id:
                text = _(
                    "已再次预约，订单号 %(number)s，原服务人员有空，将优先为您安排。"
                )
            else:
                text = _(
                    "已再次预约，订单号 %(number)s。原服务人员该时段没空，将为您另行安排。"
                )
            messages.success(request, text % {"number": new.number})
            return redirect("bookings:order_detail", pk=new.pk)
    return render(request, "bookings/book_again.html", {"form": form, "order": order})


@member_required
def order_list(request):
    customer = customer_for_user(request.user)
    page = Paginator(queries.orders_of_customer(customer), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "bookings/order_list.html", {"page": page})


@member_required
def order_detail(request, pk):
    order = _own_order(request, pk)
    work_order = (
        queries.active_work_order(order)
        or order.work_orders.exclude(status="cancelled")
        .select_related("worker__employee")
        .order_by("-pk")
        .first()
    )
    context = {
        "order": order,
        "events": order.events.select_related("actor"),
        "work_order": work_order,
        "deadline": cancellation_deadline(order),
        "review": getattr(order, "review", None)
        if order.status == Order.Status.REVIEWED
        else None,
        "review_form": ReviewForm() if order.status == Order.Status.COMPLETED else None,
        "replace_url": _replace_url(order)
        if order.status == Order.Status.DISPATCHED
        else "",
        "can_cancel": order.status
        in (Order.Status.SUBMITTED, Order.Status.CONFIRMED, Order.Status.DISPATCHED),
    }
    return render(request, "bookings/order_detail.html", context)


@require_POST
@member_required
def order_cancel(request, pk):
    order = _own_order(request, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.cancel_order(order=order, actor=request.user, reason=reason)
    except ServiceError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("订单已取消。"))
    return redirect("bookings:order_detail", pk=order.pk)


@require_POST
@member_required
def order_confirm(request, pk):
    order = _own_order(request, pk)
    try:
        services.confirm_completion(order=order, actor=request.user)
    except ServiceError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, _("已确认服务完成，欢迎评价。"))
    return redirect("bookings:order_detail", pk=order.pk)


@member_required
def order_review(request, pk):
    order = _own_order(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_order(order=order, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("感谢您的评价！"))
            return redirect("bookings:order_detail", pk=order.pk)
    return render(request, "bookings/review_form.html", {"form": form, "order": order})


@require_POST
@member_required
def plan_stop(request, pk):
    order = _own_order(request, pk)
    if order.plan is not None:
        services.stop_plan(plan=order.plan, actor=request.user)
        messages.success(request, _("已停止周期服务，已生成的订单不受影响。"))
    return redirect("bookings:order_detail", pk=order.pk)

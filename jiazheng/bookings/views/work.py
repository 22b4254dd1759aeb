"""The worker's phone pages: today's work orders, check in, check out, done,
and the orders offered to grab (抢单)."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.models import Role
from jiazheng.accounts.permissions import role_required
from jiazheng.bookings import queries, services
from jiazheng.bookings.dispatch.grab import grab, open_offers_for
from jiazheng.bookings.models import GrabOffer, WorkOrder
from jiazheng.bookings.views.common import message_service_error
from jiazheng.common.errors import ServiceError

worker_required = role_required(Role.WORKER)


def _worker(request):
    worker = queries.worker_of(request.user)
    if worker is None:
        raise Http404
    return worker


@worker_required
def today(request):
    worker = _worker(request)
    day = timezone.localdate()
    context = {
        "worker": worker,
        "day": day,
        "work_orders": queries.work_orders_of_worker_on(worker, day),
        "upcoming": queries.work_orders_of_worker_on(
            worker, day + datetime.timedelta(days=1)
        ),
    }
    return render(request, "bookings/work/today.html", context)


def _act(request, pk, action, success):
    worker = _worker(request)
    work_order = WorkOrder.objects.filter(pk=pk, worker=worker).first()
    if work_order is None:
        raise Http404
    try:
        action(work_order=work_order, actor=request.user)
    except ServiceError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect("work:today")


@require_POST
@worker_required
def check_in(request, pk):
    return _act(request, pk, services.check_in, _("已签到，开始服务。"))


@require_POST
@worker_required
def check_out(request, pk):
    return _act(request, pk, services.check_out, _("已签退。"))


@require_POST
@worker_required
def mark_done(request, pk):
    return _act(request, pk, services.mark_done, _("已完工，等待客户确认。"))


@worker_required
def grab_list(request):
    """List the open offers the worker may take, first come first served."""
    worker = _worker(request)
    context = {"worker": worker, "offers": open_offers_for(worker)}
    return render(request, "bookings/work/grab.html", context)


@require_POST
@worker_required
def grab_take(request, pk):
    """Take an offered order; the new work order then shows on today's page."""
    worker = _worker(request)
    offer = (
        GrabOffer.objects.filter(order_id=pk, organization_id=worker.organization_id)
        .select_related("order")
        .first()
    )
    if offer is None:
        raise Http404
    try:
        work_order = grab(order=offer.order, worker_user=request.user)
    except ServiceError as exc:
        message_service_error(request, exc)
        return redirect("work:grab")
    messages.success(
        request,
        _("抢单成功！派工单 %(number)s，请按时上门。") % {"number": work_order.number},
    )
    return redirect("work:today")

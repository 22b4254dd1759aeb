"""Console pages of dispatch.

Platform dispatchers see every open order, a provider's staff those of their
own organisation; every row is fetched through the tenancy scope.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.bookings.dispatch import printing
from jiazheng.bookings.dispatch.board import awaiting_confirmation, upcoming_days
from jiazheng.bookings.dispatch.day_plan import dispatch_day, open_orders
from jiazheng.bookings.dispatch.forms import (
    BoardFilterForm,
    DayDispatchForm,
    ReplacementForm,
)
from jiazheng.bookings.dispatch.grab import open_grab
from jiazheng.bookings.dispatch.replacement import request_replacement
from jiazheng.bookings.dispatch.scope import dispatch_organization
from jiazheng.bookings.dispatch.services import (
    assign_worker,
    rank_candidates,
    suggestions_by_order,
)
from jiazheng.bookings.models import GrabOffer, Order, WorkOrder
from jiazheng.bookings.queries import may_work_orders
from jiazheng.bookings.services import confirm_order
from jiazheng.common.converters import parse_id
from jiazheng.common.errors import ServiceError
from jiazheng.workers.models import WorkerProfile

ORDERS_PER_PAGE = 20
DETAIL_SUGGESTIONS = 10


def dispatch_staff(view):
    """Let in platform dispatchers and admins, and providers' staff."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_work_orders(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _orders(user):
    return scope(
        Order.objects.select_related(
            "customer", "item", "region", "address", "organization"
        ),
        user,
    )


def _back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _scoped_worker(request):
    worker_id = parse_id(request.POST.get("worker"))
    if worker_id is None:
        raise Http404
    return get_scoped_or_404(
        WorkerProfile.objects.select_related("employee"), request.user, pk=worker_id
    )


@dispatch_staff
def board(request):
    """List the open orders of a day with each one's best five workers."""
    data = request.GET.copy()
    data.setdefault("date", timezone.localdate().isoformat())
    filters = BoardFilterForm(data)
    day, district, item = filters.filters()
    orders = scope(open_orders(date=day, district=district), request.user)
    if item is not None:
        orders = orders.filter(item=item)
    orders = orders.select_related("customer", "item", "region", "address").annotate(
        on_offer=Exists(
            GrabOffer.objects.filter(order=OuterRef("pk"), closed_at__isnull=True)
        )
    )
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(request.GET.get("page"))
    suggestions = suggestions_by_order(page.object_list, day=day)
    awaiting = awaiting_confirmation(request.user, day, district=district, item=item)
    upcoming = []
    for other_day, to_dispatch, to_confirm in upcoming_days(
        request.user, district=district, item=item
    ):
        link = request.GET.copy()
        link.pop("page", None)
        link["date"] = other_day.isoformat()
        upcoming.append((other_day, to_dispatch, to_confirm, link.urlencode()))
    rows = [(order, suggestions.get(order.pk, [])) for order in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "day": day,
        "page": page,
        "rows": rows,
        "awaiting": awaiting,
        "upcoming": upcoming,
        "query": query.urlencode(),
    }
    template = (
        "bookings/dispatch/_board_rows.html"
        if request.headers.get("HX-Request")
        else "bookings/dispatch/board.html"
    )
    return render(request, template, context)


@dispatch_staff
def order_detail(request, pk):
    """Show one order's ranking, work orders and dispatch actions."""
    order = get_scoped_or_404(_orders(request.user), request.user, pk=pk)
    work_orders = order.work_orders.select_related("worker__employee").order_by(
        "-created_at"
    )
    can_assign = order.status == Order.Status.CONFIRMED and not any(
        w.is_active for w in work_orders
    )
    context = {
        "order": order,
        "work_orders": work_orders,
        "suggestions": rank_candidates(order, limit=DETAIL_SUGGESTIONS)
        if can_assign
        else [],
        "can_assign": can_assign,
        "offer": GrabOffer.objects.filter(order=order).first(),
        "replacement_form": ReplacementForm(),
        "excluded": order.excluded_workers.select_related("employee"),
    }
    return render(request, "bookings/dispatch/order_detail.html", context)


@require_POST
@dispatch_staff
def assign(request, pk):
    order = get_scoped_or_404(_orders(request.user), request.user, pk=pk)
    worker = _scoped_worker(request)
    try:
        work_order = assign_worker(order=order, worker=worker, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("已派工：%(order)s → %(worker)s（派工单 %(number)s）")
            % {
                "order": order.number,
                "worker": worker.name,
                "number": work_order.number,
            },
        )
    return _back(request, reverse("dispatch:order", args=[order.pk]))


@require_POST
@dispatch_staff
def confirm(request, pk):
    """Confirm a new booking from the board; the customer gets an SMS."""
    order = get_scoped_or_404(_orders(request.user), request.user, pk=pk)
    try:
        confirm_order(order=order, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("订单 %(order)s 已确认，已短信通知客户，可以派工了。")
            % {"order": order.number},
        )
    return _back(request, reverse("dispatch:order", args=[order.pk]))


@require_POST
@dispatch_staff
def offer_for_grab(request, pk):
    order = get_scoped_or_404(_orders(request.user), request.user, pk=pk)
    try:
        open_grab(order=order, actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("订单 %(order)s 已发起抢单。") % {"order": order.number}
        )
    return _back(request, reverse("dispatch:order", args=[order.pk]))


@require_POST
@login_required
def replace(request, pk):
    """Replace the worker: the order's customer, or staff for a caller."""
    if may_work_orders(request.user):
        order = get_scoped_or_404(_orders(request.user), request.user, pk=pk)
        fallback = reverse("dispatch:order", args=[order.pk])
    else:
        order = Order.objects.filter(pk=pk, customer__user=request.user).first()
        if order is None:
            raise Http404
        fallback = "/"
    form = ReplacementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写换人原因。"))
        return _back(request, fallback)
    try:
        request_replacement(
            order=order, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已受理换人申请，将重新为您派工。"))
    return _back(request, fallback)


@dispatch_staff
def day(request):
    """Dispatch the day: a form, and on POST the result of the plan."""
    form = DayDispatchForm(request.POST or None, initial={"date": timezone.localdate()})
    result = None
    if request.method == "POST" and form.is_valid():
        result = dispatch_day(
            date=form.cleaned_data["date"],
            district=form.cleaned_data["district"],
            organization=dispatch_organization(request.user),
            actor=request.user,
        )
    return render(
        request, "bookings/dispatch/day.html", {"form": form, "result": result}
    )


def _work_order(request, pk):
    return get_scoped_or_404(
        WorkOrder.objects.select_related(
            "order__customer",
            "order__item",
            "order__address",
            "order__region",
            "worker__employee",
            "organization",
        ),
        request.user,
        pk=pk,
    )


@dispatch_staff
def work_order_print(request, pk):
    work_order = _work_order(request, pk)
    return HttpResponse(printing.sheet_html(work_order, request=request))


@dispatch_staff
def work_order_pdf(request, pk):
    work_order = _work_order(request, pk)
    problem = printing.pdf_problem()
    if problem is not None:
        return render(
            request,
            "bookings/dispatch/pdf_unavailable.html",
            {"work_order": work_order, "problem": problem},
            status=503,
        )
    response = HttpResponse(
        printing.sheet_pdf(work_order, request=request),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="{work_order.number}.pdf"'
    return response


def moved_to_work_area(request, pk=None):
    """Send the old console grab URLs to the worker's phone pages.

    Workers have no console; their grab list and "take" live under /work/.
    A POST keeps its method and body (308) so an open page still works.
    """
    if pk is None:
        return HttpResponsePermanentRedirect(reverse("work:grab"))
    return HttpResponsePermanentRedirect(
        reverse("work:grab_take", args=[pk]), preserve_request=True
    )

"""A day to look at for the demo's worker and family logins.

The other demo orders belong to customers and workers nobody signs in as.
This gives the demo worker (of 阳光家政) and the demo family one shared
history: a reviewed visit three days ago, a visit she is serving right now
(checked in, whatever the hour the seed runs) and one dispatched for
tomorrow afternoon; so both logins open on real work orders. Everything goes
through the services; running it again changes nothing.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from jiazheng.accounts.models import Role
from jiazheng.bookings import services
from jiazheng.bookings.demo import IN_SERVICE_LENGTH, in_service_start, platform_user
from jiazheng.bookings.dispatch.services import assign_worker
from jiazheng.bookings.models import WorkOrder
from jiazheng.catalog.models import Unit
from jiazheng.common.errors import ServiceError
from jiazheng.customers.models import Customer
from jiazheng.customers.services import add_address
from jiazheng.providers.models import ProviderServiceItem
from jiazheng.workers.models import WorkerProfile

logger = logging.getLogger(__name__)

HOME_DETAIL = "建国路88号院3号楼2单元1201"


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _item_for(worker):
    """Return an item the worker can do and her provider publishes a fee for."""
    fee = (
        ProviderServiceItem.objects.filter(
            organization=worker.organization,
            is_published=True,
            item__in=worker.skills.all(),
            item__unit__in=(Unit.HOUR, Unit.VISIT),
        )
        .select_related("item")
        .order_by("pk")
        .first()
    )
    return fee.item if fee else None


def _home_of(customer, worker):
    address = customer.addresses.filter(is_default=True).first()
    if address is not None:
        return address
    district = worker.districts.order_by("code").first()
    return add_address(
        customer=customer,
        region=district,
        detail=HOME_DETAIL,
        label="家",
        latitude=worker.organization.latitude,
        longitude=worker.organization.longitude,
        is_default=True,
    )


def _visit(customer, worker, item, address, starts_at, ends_at, dispatcher):
    order = services.create_booking(
        customer=customer,
        channel="online",
        item=item,
        address=address,
        starts_at=starts_at,
        ends_at=ends_at,
        organization=worker.organization,
        notes="家里有一只猫，请随手关门。",
        actor=customer.user,
        now=starts_at - datetime.timedelta(days=2),
    )
    services.confirm_order(order=order, actor=dispatcher)
    work_order = assign_worker(order=order, worker=worker, actor=dispatcher)
    return order, work_order


def _first_visit(slots, customer, worker, item, address, dispatcher):
    """Book, confirm and assign the first of ``slots`` the worker can take.

    The demo worker has Sundays off and holds other work orders: a slot she
    cannot take is rolled back (savepoint) and the next one tried. Return
    (order, work order), or None when none of them fits.
    """
    for starts_at, ends_at in slots:
        try:
            with transaction.atomic():
                return _visit(
                    customer, worker, item, address, starts_at, ends_at, dispatcher
                )
        except ServiceError as exc:
            logger.info("featured demo slot skipped: %s", exc.code)
    return None


def _serve(work_order, worker_user, customer_user):
    order = work_order.order
    services.check_in(work_order=work_order, actor=worker_user, now=order.starts_at)
    services.check_out(work_order=work_order, actor=worker_user, now=order.ends_at)
    services.mark_done(work_order=work_order, actor=worker_user, now=order.ends_at)
    services.confirm_completion(order=order, actor=customer_user)
    services.review_order(
        order=order,
        actor=customer_user,
        worker_stars=5,
        provider_stars=5,
        text="李阿姨很细心，厨房擦得锃亮，下次还约她。",
        tags=["准时", "细心"],
    )


def load_featured(*, worker_phone, member_phone, stdout):
    """Give the demo worker and family their visits (once)."""
    worker = (
        WorkerProfile.objects.filter(employee__user__phone=worker_phone)
        .select_related("employee__user", "organization")
        .first()
    )
    customer = Customer.objects.filter(user__phone=member_phone).first()
    dispatcher = platform_user(Role.DISPATCHER)
    if worker is None or customer is None or dispatcher is None:
        stdout.write("bookings: 没有演示服务人员或家庭会员，跳过其专属订单。")
        return
    if WorkOrder.objects.filter(worker=worker, order__customer=customer).exists():
        return
    item = _item_for(worker)
    if item is None:
        stdout.write("bookings: 演示服务人员没有可预约的服务项目，跳过。")
        return
    worker_user = worker.employee.user
    today = timezone.localdate()
    made = []
    with transaction.atomic():
        address = _home_of(customer, worker)
        past_days = [today - datetime.timedelta(days=n) for n in range(3, 10)]
        served = _first_visit(
            [(_at(day, 9), _at(day, 11)) for day in past_days],
            customer,
            worker,
            item,
            address,
            dispatcher,
        )
        if served is not None:
            _serve(served[1], worker_user, customer.user)
            made.append("已评价")

        starts = sorted({in_service_start(n) for n in range(3)}, reverse=True)
        now_serving = _first_visit(
            [(start, start + IN_SERVICE_LENGTH) for start in starts],
            customer,
            worker,
            item,
            address,
            dispatcher,
        )
        if now_serving is not None:
            order = now_serving[0]
            services.check_in(
                work_order=now_serving[1], actor=worker_user, now=order.starts_at
            )
            made.append("服务中")

        next_days = [today + datetime.timedelta(days=n) for n in range(1, 8)]
        if _first_visit(
            [(_at(day, 14), _at(day, 16)) for day in next_days],
            customer,
            worker,
            item,
            address,
            dispatcher,
        ):
            made.append("待上门")
    stdout.write(f"bookings: 演示服务人员与家庭会员的订单：{'、'.join(made) or '无'}。")

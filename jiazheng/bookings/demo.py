"""Demo bookings: customers with addresses, orders in every state, reviews.

``load_demo(stdout=...)`` runs after the platform, the providers (with
published fees) and, when there are any, the workers of the demo are
loaded. Everything goes through the services, as people's actions would;
past orders are booked "as of" two days before their slot. Running it again
changes nothing.
"""

import datetime
import itertools
import logging
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from jiazheng.accounts import services as accounts
from jiazheng.accounts.models import Membership, Organization, Role
from jiazheng.bookings import services
from jiazheng.bookings.dispatch.services import assign_worker
from jiazheng.bookings.models import Order
from jiazheng.catalog.models import Unit
from jiazheng.common.errors import ServiceError
from jiazheng.customers.models import Customer
from jiazheng.customers.queries import customer_for_user
from jiazheng.customers.services import add_address, create_customer
from jiazheng.providers.models import ProviderServiceItem
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.services.profiles import create_worker
from jiazheng.workers.services.records import record_health_certificate
from jiazheng.workers.services.schedule import set_weekly_availability

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "Demo@2026"
CUSTOMER_COUNT = 60
CUSTOMER_PHONE_PREFIX = "1360000"
MEMBER_COUNT = 12
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
STREETS = [
    "建国路",
    "朝阳北路",
    "望京西路",
    "光华路",
    "东三环中路",
    "团结湖路",
    "安定路",
    "学院路",
    "中关村大街",
    "西直门外大街",
    "广渠路",
    "南三环西路",
]
WORKER_NAMES = ["秀兰", "桂英", "玉兰", "淑珍", "春梅", "海燕", "红梅", "丽娟"]
TEXTS = [
    "阿姨很细心，厨房油烟机都擦得很干净。",
    "准时到达，干活麻利，下次还约她。",
    "整体不错，卫生间角落可以再仔细些。",
    "态度很好，孩子也很喜欢她。",
    "服务专业，工具带得很齐全。",
]
TAGS = [["准时", "细心"], ["专业", "干净整洁"], ["态度好"], ["沟通顺畅", "准时"], []]
# In-service orders: two hours starting on the hour between 08:00 and 16:00,
# inside the availability of every demo worker (08:00–18:00), at least an
# hour before the seed runs; spread over the latest three such starts.
IN_SERVICE_START_HOURS = range(8, 17)
IN_SERVICE_LENGTH = datetime.timedelta(hours=2)
IN_SERVICE_CHOICES = 3
MIN_SERVED_BEFORE_NOW = datetime.timedelta(hours=1)
# Orders made per customer, in this cycle of target states.
STATES = [
    Order.Status.REVIEWED,
    Order.Status.COMPLETED,
    Order.Status.SUBMITTED,
    Order.Status.CONFIRMED,
    Order.Status.DISPATCHED,
    Order.Status.IN_SERVICE,
    Order.Status.CANCELLED,
]


def load_demo(*, stdout):
    """Load the demo bookings (idempotent); write progress to ``stdout``."""
    # Its own customers' orders say it ran; the featured logins' orders
    # (demo_featured, loaded first) do not.
    if Order.objects.filter(customer__phone__startswith=CUSTOMER_PHONE_PREFIX).exists():
        stdout.write("bookings: 已有订单，跳过。")
        return
    providers = _providers()
    if not providers:
        stdout.write("bookings: 没有发布收费标准的加盟企业，跳过。")
        return
    # Demo data only: a seeded generator makes every run alike.
    rng = random.Random(20261203)  # noqa: S311
    dispatcher = platform_user(Role.DISPATCHER)
    with transaction.atomic():
        made = _ensure_workers(providers, stdout)
        customers = _customers(providers, rng)
    counts = dict.fromkeys(STATES, 0)
    skipped = 0
    for number, customer in enumerate(customers):
        for offset in range(2):
            target = STATES[(number * 2 + offset) % len(STATES)]
            try:
                with transaction.atomic():
                    _order_in_state(
                        customer, target, providers, dispatcher, rng, number
                    )
            except ServiceError as exc:
                skipped += 1
                logger.warning(
                    "demo order skipped (%s): %s",
                    target,
                    exc.code,
                    extra={"state": target, "code": exc.code},
                )
                continue
            counts[target] += 1
    summary = "，".join(f"{Order.Status(s).label} {n}" for s, n in counts.items())
    stdout.write(
        f"bookings: {len(customers)} 位客户，订单 {summary}；"
        f"新建服务人员 {made}，跳过 {skipped}。"
    )


def _providers():
    """Return {provider: [published fee items that book by the hour or visit]}."""
    found = {}
    fees = ProviderServiceItem.objects.filter(
        is_published=True,
        organization__is_active=True,
        organization__kind=Organization.Kind.PROVIDER,
        item__unit__in=(Unit.HOUR, Unit.VISIT),
    ).select_related("organization__region", "item")
    for fee in fees:
        found.setdefault(fee.organization, []).append(fee.item)
    return {org: items for org, items in found.items() if org.region_id}


def platform_user(role):
    membership = (
        Membership.objects.filter(
            role=role,
            is_active=True,
            organization__kind=Organization.Kind.PLATFORM,
        )
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _ensure_workers(providers, stdout):
    """Give each provider without workers three (C2's demo may have made them)."""
    made = 0
    phones = itertools.count(1)
    today = timezone.localdate()
    for serial, (provider, items) in enumerate(providers.items()):
        if WorkerProfile.objects.filter(organization=provider).exists():
            continue
        for n in range(3):
            surname = SURNAMES[(serial * 3 + n) % len(SURNAMES)]
            worker = create_worker(
                organization=provider,
                name=f"{surname}{WORKER_NAMES[(serial + n) % len(WORKER_NAMES)]}",
                phone=f"1580{serial:03d}{next(phones):04d}",
                actor=None,
                skills=items,
                districts=[provider.region],
                years_experience=3 + n,
                gender="female",
            )
            record_health_certificate(
                worker=worker,
                actor=None,
                number=f"JKZ{today:%Y}{serial:03d}{n:03d}",
                issued_on=today - datetime.timedelta(days=90),
                expires_on=today + datetime.timedelta(days=275),
                issued_by="区疾病预防控制中心",
            )
            set_weekly_availability(
                worker=worker,
                actor=None,
                windows=[(day, "07:00", "21:00") for day in range(7)],
            )
            made += 1
    if made:
        stdout.write(f"bookings: 为没有服务人员的企业新建了 {made} 位服务人员。")
    return made


def _near(provider, rng):
    """Return (latitude, longitude) within a few kilometres of ``provider``."""
    if provider.latitude is None or provider.longitude is None:
        return None, None
    return tuple(
        (base + Decimal(rng.randint(-300, 300)) / 10000).quantize(Decimal("0.000001"))
        for base in (provider.latitude, provider.longitude)
    )


def _customers(providers, rng):
    neighbours = list(providers)
    customers = []
    for n in range(CUSTOMER_COUNT):
        surname = SURNAMES[n % len(SURNAMES)]
        phone = f"{CUSTOMER_PHONE_PREFIX}{n:04d}"
        if n < MEMBER_COUNT:
            user = accounts.create_user(
                phone=phone,
                name=f"{surname}女士",
                password=DEMO_PASSWORD,
                role=Role.FAMILY_MEMBER,
            )
            customer = customer_for_user(user)
        else:
            customer = create_customer(
                kind=Customer.Kind.FAMILY,
                name=f"{surname}先生" if n % 2 else f"{surname}女士",
                phone=phone,
                source=Customer.Source.PHONE if n % 3 else Customer.Source.STAFF,
            )
        provider = neighbours[n % len(neighbours)]
        street = STREETS[n % len(STREETS)]
        latitude, longitude = _near(provider, rng)
        if not customer.addresses.exists():
            add_address(
                customer=customer,
                region=provider.region,
                latitude=latitude,
                longitude=longitude,
                detail=f"{street}{rng.randint(1, 200)}号院{rng.randint(1, 12)}号楼"
                f"{rng.randint(1, 6)}单元{rng.randint(101, 2402)}",
                label="家",
                is_default=True,
            )
        customers.append(customer)
    return customers


def _slot(target, number, rng):
    """Return (starts_at, ends_at, booked as of) for an order of ``target``."""
    today = timezone.localdate()
    if target in (Order.Status.REVIEWED, Order.Status.COMPLETED):
        day = today - datetime.timedelta(days=1 + number % 20)
    elif target == Order.Status.IN_SERVICE:
        day = today
    else:
        day = today + datetime.timedelta(days=1 + number % 10)
    hour = 8 + (number * 3) % 10
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    ends_at = starts_at + datetime.timedelta(hours=2 + rng.randint(0, 1))
    if target == Order.Status.IN_SERVICE:
        starts_at = in_service_start(number)
        ends_at = starts_at + IN_SERVICE_LENGTH
    return starts_at, ends_at, starts_at - datetime.timedelta(days=2)


def in_service_start(number):
    """Return the start of a slot the worker is serving now, whatever the hour.

    A slot that began at least an hour ago, inside every demo worker's
    hours (08:00–18:00): one of the latest of today, or before 09:00 one of
    yesterday's. Late in the evening or at night the worker is still
    checked in after the slot's end, as when a job runs over or the worker
    has not checked out yet.
    """
    now = timezone.localtime()
    today = now.date()
    starts = [
        timezone.make_aware(datetime.datetime.combine(today, datetime.time(hour)))
        for hour in IN_SERVICE_START_HOURS
    ]
    starts = [start for start in starts if start <= now - MIN_SERVED_BEFORE_NOW]
    if not starts:
        yesterday = today - datetime.timedelta(days=1)
        starts = [
            timezone.make_aware(datetime.datetime.combine(yesterday, datetime.time(h)))
            for h in IN_SERVICE_START_HOURS
        ]
    latest = starts[-IN_SERVICE_CHOICES:]
    return latest[number % len(latest)]


def _order_in_state(customer, target, providers, dispatcher, rng, number):
    address = customer.addresses.first()
    choices = [p for p in providers if p.region_id == address.region_id]
    provider = rng.choice(choices or list(providers))
    item = rng.choice(providers[provider])
    starts_at, ends_at, booked_at = _slot(target, number, rng)
    channel = rng.choice(["online", "phone", "sms"])
    order = services.create_booking(
        customer=customer,
        channel=channel,
        item=item,
        address=address,
        starts_at=starts_at,
        ends_at=ends_at,
        organization=provider,
        notes=rng.choice(["", "家里有宠物", "请自带拖把", "", "老人在家，请按门铃"]),
        taken_by=dispatcher if channel == "phone" else None,
        now=booked_at,
    )
    if target == Order.Status.SUBMITTED:
        return order
    if target == Order.Status.CANCELLED:
        services.cancel_order(order=order, actor=dispatcher, reason="客户来电改期")
        return order
    services.confirm_order(order=order, actor=dispatcher)
    if target == Order.Status.CONFIRMED:
        return order
    work_order = _assign(order, dispatcher)
    if target == Order.Status.DISPATCHED:
        return order
    worker_user = work_order.worker.employee.user
    services.check_in(work_order=work_order, actor=worker_user, now=order.starts_at)
    if target == Order.Status.IN_SERVICE:
        return order
    services.check_out(work_order=work_order, actor=worker_user, now=order.ends_at)
    services.mark_done(work_order=work_order, actor=worker_user, now=order.ends_at)
    services.confirm_completion(order=order, actor=dispatcher)
    if target == Order.Status.COMPLETED or customer.user is None:
        return order
    services.review_order(
        order=order,
        actor=customer.user,
        worker_stars=rng.choice([4, 5, 5, 5]),
        provider_stars=rng.choice([4, 5, 5]),
        text=rng.choice(TEXTS),
        tags=rng.choice(TAGS),
    )
    return order


def _assign(order, dispatcher):
    workers = WorkerProfile.objects.filter(
        organization=order.organization, skills=order.item, is_active=True
    ).order_by("pk")
    for worker in workers:
        try:
            with transaction.atomic():
                return assign_worker(order=order, worker=worker, actor=dispatcher)
        except ServiceError:
            continue
    raise ServiceError("no free worker", code="no_worker")

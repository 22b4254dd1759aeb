"""Time "dispatch the day" for 2,000 orders and 5,000 workers in Beijing.

Usage: .venv/bin/python benchmarks/dispatch.py [--orders 2000] [--workers 5000]
       [--providers 25] [--seed 7]

Builds a throw-away database (Django's test database for the configured
engine: SQLite in memory, or test_<name> on the DATABASE_URL server) with
Beijing's 16 districts, ``--providers`` providers each serving three to five
neighbouring districts, ``--workers`` workers (two to four skills among the
ten busiest items, one or two districts, homes scattered around their
district's centre, 3 % with an expired health certificate, 2 % on leave,
a fifth available on weekdays only) and ``--orders`` confirmed orders for
next Wednesday in the usual slots (a quarter "let the platform choose").

Then, on the same data and in this one process, it times:

1. loading the orders and candidates (the queries),
2. the greedy baseline: each order in time order takes its best free worker,
3. the optimal plan (rounds of overlapping orders, linear_sum_assignment),
4. the whole ``dispatch_day`` service: load, plan and write every work order
   under locks, with its SMS and live message (``--plan-only`` skips it).

With CELERY_TASK_ALWAYS_EAGER=false the SMS are queued for Celery workers as
in production instead of being delivered inline (the embedded default).

and prints the time and how many orders each placed, with the total score.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The 16 districts of Beijing and a point near each one's centre.
DISTRICTS = {
    "110101": ("东城区", 39.9288, 116.4160),
    "110102": ("西城区", 39.9123, 116.3660),
    "110105": ("朝阳区", 39.9215, 116.4864),
    "110106": ("丰台区", 39.8585, 116.2870),
    "110107": ("石景山区", 39.9056, 116.2229),
    "110108": ("海淀区", 39.9593, 116.2981),
    "110109": ("门头沟区", 39.9405, 116.1021),
    "110111": ("房山区", 39.7355, 116.1393),
    "110112": ("通州区", 39.9026, 116.6586),
    "110113": ("顺义区", 40.1289, 116.6535),
    "110114": ("昌平区", 40.2183, 116.2354),
    "110115": ("大兴区", 39.7289, 116.3383),
    "110116": ("怀柔区", 40.3241, 116.6376),
    "110117": ("平谷区", 40.1447, 117.1121),
    "110118": ("密云区", 40.3774, 116.8432),
    "110119": ("延庆区", 40.4568, 115.9850),
}
# Orders follow population: the central districts book most.
DISTRICT_WEIGHTS = {
    "110105": 16, "110108": 14, "110106": 9, "110102": 6, "110101": 4,
    "110112": 7, "110114": 8, "110115": 7, "110113": 5, "110107": 3,
    "110111": 4, "110109": 1, "110116": 1, "110117": 1, "110118": 1, "110119": 1,
}  # fmt: skip
# (start hour, minute, length in hours, weight): the slots families book.
SLOTS = [
    (8, 0, 2, 10), (8, 30, 3, 8), (9, 0, 2, 14), (9, 0, 4, 8), (10, 0, 2, 10),
    (13, 0, 2, 9), (13, 30, 3, 8), (14, 0, 2, 12), (15, 0, 2, 8), (16, 0, 2, 6),
    (18, 0, 2, 7),
]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["秀兰", "桂英", "玉兰", "淑珍", "凤英", "建华", "春梅", "丽娟", "海燕", "红霞"]


def configure():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiazheng.settings")
    os.environ["JIAZHENG_VAR_DIR"] = tempfile.mkdtemp(prefix="jiazheng-bench-")
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def jitter(rng, lat, lon, km):
    # About 111 km per degree of latitude, 85 km per degree of longitude here.
    return (
        Decimal(f"{lat + rng.uniform(-km, km) / 111:.6f}"),
        Decimal(f"{lon + rng.uniform(-km, km) / 85:.6f}"),
    )


def neighbours(code, count):
    _name, lat, lon = DISTRICTS[code]
    by_distance = sorted(
        DISTRICTS,
        key=lambda c: (DISTRICTS[c][1] - lat) ** 2 + (DISTRICTS[c][2] - lon) ** 2,
    )
    return by_distance[:count]


def build(args, day):
    from jiazheng.accounts.models import Membership, Organization, Role, User
    from jiazheng.bookings.models import Booking, Order
    from jiazheng.catalog.models import Category, ServiceItem
    from jiazheng.common.models import Region
    from jiazheng.customers.models import Customer, CustomerAddress
    from jiazheng.hr.models import Employee
    from jiazheng.workers.models import (
        HealthCertificate,
        Leave,
        WeeklyAvailability,
        WorkerProfile,
    )

    rng = random.Random(args.seed)
    regions = {r.code: r for r in Region.objects.filter(code__in=DISTRICTS)}
    missing = set(DISTRICTS) - set(regions)
    if missing:
        city = Region.objects.get(code="110100")
        for code in missing:
            regions[code] = Region.objects.create(
                code=code, name=DISTRICTS[code][0], level=3, parent=city
            )
    items = list(ServiceItem.objects.filter(is_active=True).order_by("pk")[:10])
    category = Category.objects.filter(parent__isnull=False).first()
    while len(items) < 10:
        items.append(
            ServiceItem.objects.create(
                category=category,
                code=f"bench-item-{len(items)}",
                name=f"测试项目{len(items)}",
                unit="hour",
                guidance_price_min=Decimal("40.00"),
                guidance_price_max=Decimal("60.00"),
            )
        )
    item_weights = [10, 9, 8, 6, 5, 4, 3, 2, 2, 1]

    platform = Organization.objects.create(kind="platform", name="北京家政服务中心")
    actor = User.objects.create_user("13800000000", name="调度员")
    Membership.objects.create(user=actor, organization=platform, role=Role.DISPATCHER)
    providers = Organization.objects.bulk_create(
        Organization(kind="provider", name=f"京城家政服务有限公司{n:02d}")
        for n in range(args.providers)
    )
    codes = list(DISTRICTS)
    served = {
        p.pk: neighbours(codes[n % len(codes)], rng.randint(3, 5))
        for n, p in enumerate(providers)
    }

    employees = Employee.objects.bulk_create(
        Employee(
            organization=providers[n % len(providers)],
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            gender="female",
            phone=f"159{n:08d}",
            status="active",
            is_worker=True,
        )
        for n in range(args.workers)
    )
    profiles = []
    for employee in employees:
        home = rng.choice(served[employee.organization_id])
        lat, lon = jitter(rng, DISTRICTS[home][1], DISTRICTS[home][2], 6)
        profiles.append(
            WorkerProfile(
                employee=employee,
                organization_id=employee.organization_id,
                years_experience=rng.randint(0, 15),
                service_mode=rng.choice(["day_time", "day_time", "both"]),
                home_latitude=lat,
                home_longitude=lon,
                rating_average=Decimal(f"{rng.uniform(3.6, 5.0):.2f}"),
                rating_count=rng.randint(0, 80),
            )
        )
    profiles = WorkerProfile.objects.bulk_create(profiles)
    skills, districts, certificates, weeks, leaves = [], [], [], [], []
    for worker, employee in zip(profiles, employees, strict=True):
        for item in set(rng.choices(items, weights=item_weights, k=rng.randint(2, 4))):
            skills.append(
                WorkerProfile.skills.through(workerprofile=worker, serviceitem=item)
            )
        area = served[employee.organization_id]
        for code in set(rng.sample(area, rng.randint(1, 2))):
            districts.append(
                WorkerProfile.districts.through(
                    workerprofile=worker, region=regions[code]
                )
            )
        expired = rng.random() < 0.03
        issued = day - datetime.timedelta(days=400 if expired else 100)
        certificates.append(
            HealthCertificate(
                worker=worker,
                number=f"JKZ{worker.pk:08d}",
                issued_on=issued,
                expires_on=issued + datetime.timedelta(days=365),
            )
        )
        weekdays_only = rng.random() < 0.2
        for weekday in range(5 if weekdays_only else 7):
            weeks.append(
                WeeklyAvailability(
                    worker=worker,
                    weekday=weekday,
                    start_time=datetime.time(rng.choice([7, 8, 8, 9])),
                    end_time=datetime.time(rng.choice([17, 19, 20, 21])),
                )
            )
        if rng.random() < 0.02:
            start = datetime.datetime.combine(
                day, datetime.time(0), datetime.timezone(datetime.timedelta(hours=8))
            )
            leaves.append(
                Leave(
                    worker=worker,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(days=2),
                    reason="事假",
                )
            )
    WorkerProfile.skills.through.objects.bulk_create(skills, batch_size=5000)
    WorkerProfile.districts.through.objects.bulk_create(districts, batch_size=5000)
    HealthCertificate.objects.bulk_create(certificates, batch_size=2000)
    WeeklyAvailability.objects.bulk_create(weeks, batch_size=5000)
    Leave.objects.bulk_create(leaves)

    customers = Customer.objects.bulk_create(
        Customer(kind="family", name=f"客户{n}", phone=f"139{n:08d}", source="staff")
        for n in range(args.orders)
    )
    district_codes = list(DISTRICT_WEIGHTS)
    by_district = {code: [] for code in DISTRICTS}
    for provider in providers:
        for code in served[provider.pk]:
            by_district[code].append(provider)
    plans = []
    for customer in customers:
        code = rng.choices(district_codes, weights=DISTRICT_WEIGHTS.values())[0]
        hour, minute, length, _w = rng.choices(SLOTS, weights=[s[3] for s in SLOTS])[0]
        starts_at = datetime.datetime.combine(
            day,
            datetime.time(hour, minute),
            datetime.timezone(datetime.timedelta(hours=8)),
        )
        organization = (
            None
            if rng.random() < 0.25 or not by_district[code]
            else rng.choice(by_district[code])
        )
        plans.append(
            (
                customer,
                code,
                starts_at,
                starts_at + datetime.timedelta(hours=length),
                rng.choices(items, weights=item_weights)[0],
                organization,
                jitter(rng, DISTRICTS[code][1], DISTRICTS[code][2], 5),
                length,
            )
        )
    addresses = CustomerAddress.objects.bulk_create(
        CustomerAddress(
            customer=c, region=regions[code], detail="测试路1号", latitude=lat,
            longitude=lon, is_default=True,
        )
        for c, code, _s, _e, _i, _o, (lat, lon), _l in plans
    )  # fmt: skip
    bookings = Booking.objects.bulk_create(
        Booking(
            number=f"YY{day:%Y%m%d}{n:05d}", customer=c, channel="online", item=item,
            organization=org, address=address, starts_at=s, ends_at=e,
        )
        for n, ((c, _code, s, e, item, org, _ll, _l), address) in enumerate(
            zip(plans, addresses, strict=True)
        )
    )  # fmt: skip
    Order.objects.bulk_create(
        (
            Order(
                number=f"DD{day:%Y%m%d}{n:05d}", booking=booking, customer=c,
                organization=org, item=item, address=address, region=regions[code],
                latitude=lat, longitude=lon, starts_at=s, ends_at=e,
                unit_price=Decimal("50.00"), quantity=Decimal(length),
                amount=Decimal("50.00") * length, status="confirmed",
            )
            for n, ((c, code, s, e, item, org, (lat, lon), length), address, booking)
            in enumerate(zip(plans, addresses, bookings, strict=True))
        ),
        batch_size=1000,
    )  # fmt: skip
    return actor


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--providers", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--plan-only",
        action="store_true",
        help="skip step 4 (writing the work orders)",
    )
    args = parser.parse_args()

    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from jiazheng.bookings.dispatch import day_plan
    from jiazheng.bookings.dispatch.candidates import candidates_for_day, jobs_for
    from jiazheng.bookings.dispatch.planning import plan_greedy, plan_optimal

    setup_test_environment()
    settings.SMS_BACKEND = "locmem"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    today = timezone.localdate()
    day = today + datetime.timedelta(days=(2 - today.weekday()) % 7 or 7)

    started = time.perf_counter()
    actor = build(args, day)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - started

    started = time.perf_counter()
    orders = list(day_plan.open_orders(date=day))
    jobs = jobs_for(orders)
    candidates = candidates_for_day(jobs, day=day)
    load_seconds = time.perf_counter() - started
    busy = {c.worker_id: list(c.busy) for c in candidates}

    started = time.perf_counter()
    greedy = plan_greedy(jobs, candidates)
    greedy_seconds = time.perf_counter() - started
    # The plans add to the workers' busy lists: start the next from scratch.
    for candidate in candidates:
        candidate.busy = list(busy[candidate.worker_id])

    started = time.perf_counter()
    optimal = plan_optimal(jobs, candidates)
    optimal_seconds = time.perf_counter() - started

    result = None
    if not args.plan_only:
        started = time.perf_counter()
        result = day_plan.dispatch_day(date=day, actor=actor)
        service_seconds = time.perf_counter() - started

    print(f"\nDatabase: {connection.vendor}; day: {day} ({day:%A})")
    print(
        f"Data: {len(orders)} open orders, {len(candidates)} dispatchable workers "
        f"of {args.workers} ({args.providers} providers, 16 districts); "
        f"built in {build_seconds:.1f} s\n"
    )
    header = f"{'step':44} {'seconds':>8} {'placed':>7} {'total score':>12}"
    print(header)
    print("-" * len(header))
    print(f"{'load orders and candidates':44} {load_seconds:8.2f}")
    for label, seconds, plan in (
        ("greedy baseline (plan only)", greedy_seconds, greedy),
        (
            f"optimal plan, {optimal.rounds} rounds (plan only)",
            optimal_seconds,
            optimal,
        ),
    ):
        print(
            f"{label:44} {seconds:8.2f} {len(plan.placements):7d} "
            f"{plan.total_score:12.1f}"
        )
    if result is None:
        return
    print(
        f"{'dispatch_day service (load+plan+write)':44} {service_seconds:8.2f} "
        f"{len(result.placed):7d} {result.total_score:12.1f}"
    )
    print(
        f"  of which plan {result.plan_seconds:.2f} s, write {result.write_seconds:.2f} s"
    )
    reasons = {}
    for item in result.unplaced:
        reasons[item.code] = reasons.get(item.code, 0) + 1
    print(f"Not placed: {len(result.unplaced)} {reasons}")


if __name__ == "__main__":
    main()

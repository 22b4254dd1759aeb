"""Reads of bookings and orders that pages, the API and dispatch share."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Case, Count, Prefetch, Value, When
from django.utils import timezone

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import has_role, is_platform_staff, memberships_of, scope
from jiazheng.bookings.models import (
    ACTIVE_WORK_ORDER_STATUSES,
    Order,
    WorkOrder,
)
from jiazheng.cards.models import Card, VisitPackage
from jiazheng.customers.models import Customer
from jiazheng.providers.models import ProviderProfile, ProviderServiceItem
from jiazheng.workers.models import WorkerProfile

ORDER_STAFF_PLATFORM_ROLES = (Role.PLATFORM_ADMIN, Role.DISPATCHER)
ORDER_STAFF_PROVIDER_ROLES = (Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF)
MEMBER_ROLES = (Role.FAMILY_MEMBER, Role.ENTERPRISE_MEMBER)
CARD_OPEN_STATUSES = (Card.Status.ACTIVE, Card.Status.FROZEN)


def is_platform_dispatcher(user):
    """Tell whether ``user`` works orders for the platform (admin, dispatcher)."""
    return is_platform_staff(user) and has_role(user, *ORDER_STAFF_PLATFORM_ROLES)


def is_provider_staff_of(user, organization_id):
    """Tell whether ``user`` is admin or staff of the provider ``organization_id``."""
    if organization_id is None:
        return False
    return any(
        m.organization_id == organization_id and m.role in ORDER_STAFF_PROVIDER_ROLES
        for m in memberships_of(user)
    )


def may_work_orders(user):
    """Tell whether ``user`` may open the console's order pages."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_platform_dispatcher(user) or any(
        m.role in ORDER_STAFF_PROVIDER_ROLES
        and m.organization.kind == Organization.Kind.PROVIDER
        for m in memberships_of(user)
    )


def console_orders(user):
    """Return the orders ``user`` sees in the console (tenancy-scoped)."""
    orders = Order.objects.select_related(
        "customer", "item", "organization", "region", "address"
    )
    return scope(orders, user)


def customer_of(user):
    """Return the customer record of a signed-in user, or None (no creation)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Customer.objects.filter(user=user).first()


def worker_of(user):
    """Return the worker profile of a signed-in worker, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        WorkerProfile.objects.filter(employee__user=user)
        .select_related("employee", "organization")
        .first()
    )


def orders_of_customer(customer):
    return (
        Order.objects.filter(customer=customer)
        .select_related("item", "organization", "address", "region")
        .order_by("-starts_at", "-pk")
    )


def active_work_order(order):
    """Return the order's work order in progress, or None."""
    return (
        order.work_orders.filter(status__in=ACTIVE_WORK_ORDER_STATUSES)
        .select_related("worker__employee")
        .order_by("-pk")
        .first()
    )


def last_worker(order):
    """Return the worker who last served (or was sent to) the order, or None."""
    work_order = (
        order.work_orders.exclude(status=WorkOrder.Status.CANCELLED)
        .select_related("worker__employee")
        .order_by("-pk")
        .first()
    )
    return work_order.worker if work_order else None


def worker_has_overlap(worker, starts_at, ends_at, *, exclude_order=None):
    """Tell whether the worker already holds an active work order in the slot."""
    work_orders = WorkOrder.objects.filter(
        worker=worker,
        status__in=ACTIVE_WORK_ORDER_STATUSES,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if exclude_order is not None:
        work_orders = work_orders.exclude(order=exclude_order)
    return work_orders.exists()


def work_orders_of_worker_on(worker, day):
    """Return the worker's work orders starting on ``day`` (local), in order."""
    return (
        WorkOrder.objects.filter(worker=worker, starts_at__date=day)
        .exclude(status=WorkOrder.Status.CANCELLED)
        .select_related("order__item", "order__address", "order__customer")
        .order_by("starts_at", "pk")
    )


def completed_counts_by_organization():
    """Return {organization id: completed or reviewed orders}."""
    rows = (
        Order.objects.filter(
            status__in=(Order.Status.COMPLETED, Order.Status.REVIEWED),
            organization__isnull=False,
        )
        .values("organization")
        .annotate(n=Count("pk"))
    )
    return {row["organization"]: row["n"] for row in rows}


def provider_ranking(*, sort="rating"):
    """Return the public ranking rows of active providers with a showcase.

    Each row: organization, rating_average, rating_count, completed (orders
    completed or reviewed), complaint_rate (always 0 until complaints are
    recorded, by the support app of a later issue), price_index (the mean of
    the provider's published fees relative to the guidance midpoint, in
    percent: +10 means 10 % above guidance).
    """
    completed = completed_counts_by_organization()
    fees = defaultdict(list)
    published = ProviderServiceItem.objects.filter(
        is_published=True, organization__is_active=True
    ).select_related("item")
    for fee in published:
        middle = (fee.item.guidance_price_min + fee.item.guidance_price_max) / 2
        if middle > 0:
            fees[fee.organization_id].append((fee.price - middle) / middle * 100)
    rows = []
    profiles = ProviderProfile.objects.filter(
        organization__is_active=True,
        organization__kind=Organization.Kind.PROVIDER,
    ).select_related("organization")
    for profile in profiles:
        deltas = fees.get(profile.organization_id)
        rows.append(
            {
                "organization": profile.organization,
                "rating_average": profile.rating_average,
                "rating_count": profile.rating_count,
                "completed": completed.get(profile.organization_id, 0),
                "complaint_rate": Decimal("0"),
                "price_index": (
                    (sum(deltas) / len(deltas)).quantize(Decimal("0.1"))
                    if deltas
                    else None
                ),
            }
        )
    keys = {
        "rating": lambda r: (-r["rating_average"], -r["rating_count"]),
        "completed": lambda r: (-r["completed"], -r["rating_average"]),
        "complaints": lambda r: (r["complaint_rate"], -r["rating_average"]),
        "price": lambda r: (
            r["price_index"] is None,
            r["price_index"] if r["price_index"] is not None else 0,
        ),
    }
    rows.sort(key=keys.get(sort, keys["rating"]))
    return rows


CALLER_CARDS = 10


def mask_card_number(number):
    """Return a card number with all but its first and last four digits hidden."""
    number = number or ""
    if len(number) <= 8:
        return "*" * max(len(number) - 4, 0) + number[-4:]
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"


def caller_cards(customer, user):
    """Return the customer's membership cards that ``user`` may see.

    Open cards first, each with ``masked_number`` and ``open_packages`` (the
    visit packages with visits left, not returned and not expired), in two
    queries whatever the number of cards.
    """
    today = timezone.localdate()
    packages = VisitPackage.objects.filter(
        visits_left__gt=0, is_returned=False, expires_on__gte=today
    ).select_related("service_item")
    cards = list(
        scope(Card.objects.filter(customer=customer), user)
        .select_related("level")
        .prefetch_related(
            Prefetch("packages", queryset=packages, to_attr="open_packages")
        )
        .order_by(
            Case(
                When(status__in=CARD_OPEN_STATUSES, then=Value(0)),
                default=Value(1),
            ),
            "-created_at",
            "-pk",
        )[:CALLER_CARDS]
    )
    for card in cards:
        card.masked_number = mask_card_number(card.number)
        card.visits_left = sum(p.visits_left for p in card.open_packages)
    return cards

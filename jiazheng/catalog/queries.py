"""Reads of the catalogue that pages, the API and other apps share."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Max, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from jiazheng.catalog.models import (
    CatalogChange,
    Category,
    Holiday,
    PricingRule,
    ServiceItem,
)

# Longer search terms match nothing useful and only cost the database work.
MAX_QUERY_LENGTH = 64


def active_items():
    """Return the active items whose category (and its group) is active too."""
    return (
        ServiceItem.objects.filter(is_active=True, category__is_active=True)
        .filter(Q(category__parent__isnull=True) | Q(category__parent__is_active=True))
        .select_related("category", "category__parent")
    )


def in_catalogue_order(items):
    """Order items by group, category, then the item's own place."""
    return items.annotate(
        group_order=Coalesce("category__parent__sort_order", "category__sort_order"),
        group_code=Coalesce("category__parent__code", "category__code"),
    ).order_by(
        "group_order",
        "group_code",
        "category__sort_order",
        "category__code",
        "sort_order",
        "code",
    )


def categories_in_catalogue_order():
    """Return every category, active or not: each group, then its categories."""
    return (
        Category.objects.select_related("parent")
        .annotate(
            group_order=Coalesce("parent__sort_order", "sort_order"),
            group_code=Coalesce("parent__code", "code"),
        )
        .order_by(
            "group_order",
            "group_code",
            F("parent").asc(nulls_first=True),
            "sort_order",
            "code",
        )
    )


def clean_search_term(q):
    """Return ``q`` trimmed and cut to a sensible length ('' for None)."""
    if not isinstance(q, str):
        return ""
    return q.strip()[:MAX_QUERY_LENGTH]


def search_items(q):
    """Return active items whose name or category name contains ``q``.

    The match ignores case; an empty term returns every active item.
    """
    items = active_items()
    term = clean_search_term(q)
    if term:
        items = items.filter(
            Q(name__icontains=term)
            | Q(category__name__icontains=term)
            | Q(category__parent__name__icontains=term)
        )
    return items


def _tree_prefetches():
    live_items = ServiceItem.objects.filter(is_active=True).order_by(
        "sort_order", "code"
    )
    children = (
        Category.objects.filter(is_active=True)
        .order_by("sort_order", "code")
        .prefetch_related(Prefetch("items", queryset=live_items))
    )
    return [
        Prefetch("children", queryset=children),
        Prefetch("items", queryset=live_items),
    ]


def category_tree():
    """Return the active top-level categories, ordered, with children and items.

    Each category carries its active ``children`` (ordered) and every category
    its active ``items``, all prefetched: four queries whatever the size.
    """
    return (
        Category.objects.filter(parent__isnull=True, is_active=True)
        .order_by("sort_order", "code")
        .prefetch_related(*_tree_prefetches())
    )


def get_active_category(code):
    """Return the active category ``code`` with its children and items, or None.

    A category under an inactive group counts as inactive.
    """
    return (
        Category.objects.filter(code=code, is_active=True)
        .filter(Q(parent__isnull=True) | Q(parent__is_active=True))
        .select_related("parent")
        .prefetch_related(*_tree_prefetches())
        .first()
    )


@dataclass
class CategorySection:
    """A category and the items of it that a page shows."""

    category: Category
    items: list = field(default_factory=list)


@dataclass
class GroupSection:
    """A top-level group with its own items and its child sections."""

    category: Category
    items: list = field(default_factory=list)
    children: list = field(default_factory=list)

    @property
    def item_count(self):
        return len(self.items) + sum(len(child.items) for child in self.children)


def group_items(items):
    """Group items by top-level category and category, in catalogue order.

    ``items`` should come from ``active_items()`` or ``search_items()`` so that
    their categories are already loaded: grouping costs no further query.
    """
    groups = {}
    for item in items:
        category = item.category
        top = category.parent or category
        group = groups.get(top.pk)
        if group is None:
            group = groups[top.pk] = GroupSection(category=top)
        if category.parent is None:
            group.items.append(item)
            continue
        for child in group.children:
            if child.category.pk == category.pk:
                child.items.append(item)
                break
        else:
            group.children.append(CategorySection(category=category, items=[item]))

    def order(section):
        return (section.category.sort_order, section.category.code)

    def item_order(item):
        return (item.sort_order, item.code)

    result = sorted(groups.values(), key=order)
    for group in result:
        group.items.sort(key=item_order)
        group.children.sort(key=order)
        for child in group.children:
            child.items.sort(key=item_order)
    return result


def price_in_guidance(item, price):
    """Return whether ``price`` lies within the item's guidance range."""
    return item.guidance_price_min <= price <= item.guidance_price_max


def guidance_warning(item, price):
    """Return a message when ``price`` is outside the guidance range, else None."""
    if price < item.guidance_price_min:
        return gettext("低于指导价下限 ¥%(amount)s") % {
            "amount": f"{item.guidance_price_min:.2f}"
        }
    if price > item.guidance_price_max:
        return gettext("高于指导价上限 ¥%(amount)s") % {
            "amount": f"{item.guidance_price_max:.2f}"
        }
    return None


# The holiday table and the price rule (issue 3, item 4).

SATURDAY = 5
NO_SURCHARGE = Decimal("0.00")


def holiday_on(day):
    """Return the Holiday row of ``day`` (day off or make-up workday), or None."""
    return Holiday.objects.filter(date=day).first()


def holidays_between(start, end):
    """Return the Holiday rows from ``start`` to ``end`` (both included), by date.

    One query for a whole range: callers pricing a recurring plan look every
    date up in the dict instead of asking the database date by date.
    """
    return {row.date: row for row in Holiday.objects.filter(date__range=(start, end))}


def is_statutory_holiday(day):
    """Return whether ``day`` is a statutory day off (法定节假日放假)."""
    return Holiday.objects.filter(date=day, is_workday=False).exists()


def is_make_up_workday(day):
    """Return whether ``day`` is a make-up working day (调休上班)."""
    return Holiday.objects.filter(date=day, is_workday=True).exists()


def day_off_by(day, holiday):
    """Return whether ``day`` is a day off given its Holiday row (or None).

    Pure: a statutory holiday is off; a make-up workday is not, weekend or no;
    otherwise Saturdays and Sundays are off.
    """
    if holiday is not None:
        return not holiday.is_workday
    return day.weekday() >= SATURDAY


def is_day_off(day):
    """Return whether ``day`` is off: a statutory holiday or a plain weekend."""
    return day_off_by(day, holiday_on(day))


def holiday_name(day):
    """Return the name of the holiday ``day`` belongs to (春节…), or None.

    Make-up workdays carry the name of the holiday they make up for.
    """
    return Holiday.objects.filter(date=day).values_list("name", flat=True).first()


def holidays_known_until():
    """Return the last year the holiday table has days for, or None if empty.

    The State Council publishes each year's schedule late in the year before;
    until an administrator loads it, later dates count only their weekends.
    """
    last = Holiday.objects.aggregate(last=Max("date"))["last"]
    return last.year if last is not None else None


def holidays_known_for(day):
    """Return whether the table has the schedule of ``day``'s year."""
    return Holiday.objects.filter(date__year=day.year).exists()


def pricing_rule():
    """Return the price rule, creating it with its defaults if it is missing."""
    rule, _created = PricingRule.objects.get_or_create(pk=PricingRule.SINGLETON_PK)
    return rule


def surcharge_percent_by(day, holiday, rule):
    """Return the surcharge percent on ``day`` from its Holiday row and a rule.

    Pure: the holiday surcharge on statutory days off, the weekend surcharge
    on weekends that are not make-up workdays, nothing on working days.
    """
    if holiday is not None:
        return NO_SURCHARGE if holiday.is_workday else rule.holiday_surcharge_percent
    if day.weekday() >= SATURDAY:
        return rule.weekend_surcharge_percent
    return NO_SURCHARGE


def surcharge_percent(day, *, rule=None):
    """Return the surcharge percent that applies to a service on ``day``.

    Pass ``rule`` when pricing many dates so that it is read once.
    """
    return surcharge_percent_by(day, holiday_on(day), rule or pricing_rule())


def pricing_rule_changes(limit=20):
    """Return the latest changes of the price rule, newest first."""
    return (
        CatalogChange.objects.filter(object_kind=CatalogChange.Kind.PRICING_RULE)
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )


def holiday_changes(day, limit=20):
    """Return the latest changes of the holiday table on ``day``, newest first."""
    return (
        CatalogChange.objects.filter(
            object_kind=CatalogChange.Kind.HOLIDAY, object_code=day.isoformat()
        )
        .select_related("user")
        .order_by("-created_at", "-id")[:limit]
    )

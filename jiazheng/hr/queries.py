"""Reads of personnel records: list filters and the statistics of 4.3."""

from django.db.models import Count, Q
from django.utils import timezone

from jiazheng.hr.models import ETHNICITIES, Employee

# Age bands of the statistics page: (label, lowest age, highest age or None).
AGE_BANDS = (
    ("18-29", 18, 29),
    ("30-39", 30, 39),
    ("40-49", 40, 49),
    ("50-59", 50, 59),
    ("60+", 60, None),
)
NATIVE_PLACES_SHOWN = 20
_ETHNICITY_LABELS = dict(ETHNICITIES)


def years_before(day, years):
    """Return the date ``years`` before ``day`` (29 Feb becomes 28 Feb)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_between_for_ages(*, lowest=None, highest=None, today=None):
    """Return a Q for people aged ``lowest``..``highest`` (inclusive) today."""
    today = today or timezone.localdate()
    condition = Q()
    if lowest is not None:
        # Aged at least ``lowest``: born on or before that birthday.
        condition &= Q(birth_date__lte=years_before(today, lowest))
    if highest is not None:
        # Aged at most ``highest``: not yet ``highest + 1``.
        condition &= Q(
            birth_date__gt=years_before(today, highest + 1),
        )
    return condition


def filter_employees(
    queryset,
    *,
    query="",
    department=None,
    position=None,
    status="",
    ethnicity="",
    native_place="",
    age_min=None,
    age_max=None,
    today=None,
):
    """Return ``queryset`` narrowed by the console list's filters."""
    if query:
        queryset = queryset.filter(Q(name__icontains=query) | Q(phone=query))
    if department is not None:
        queryset = queryset.filter(department__in=department_tree_ids(department))
    if position is not None:
        queryset = queryset.filter(position=position)
    if status:
        queryset = queryset.filter(status=status)
    if ethnicity:
        queryset = queryset.filter(ethnicity=ethnicity)
    if native_place:
        queryset = queryset.filter(native_place__icontains=native_place)
    if age_min is not None or age_max is not None:
        queryset = queryset.filter(
            born_between_for_ages(lowest=age_min, highest=age_max, today=today)
        )
    return queryset


def employee_statistics(queryset, *, today=None):
    """Return head counts by age band, ethnicity and native place.

    Three queries whatever the number of employees: one conditional
    aggregate for the age bands and one GROUP BY for each of the others.
    """
    today = today or timezone.localdate()
    band_counts = {
        f"band_{index}": Count(
            "pk",
            filter=born_between_for_ages(lowest=low, highest=high, today=today),
        )
        for index, (_label, low, high) in enumerate(AGE_BANDS)
    }
    totals = queryset.aggregate(
        total=Count("pk"),
        unknown_age=Count("pk", filter=Q(birth_date__isnull=True)),
        **band_counts,
    )
    age_bands = [
        {"label": label, "count": totals[f"band_{index}"]}
        for index, (label, _low, _high) in enumerate(AGE_BANDS)
    ]
    banded = sum(band["count"] for band in age_bands) + totals["unknown_age"]
    ethnicities = [
        {
            "code": row["ethnicity"],
            "label": _ETHNICITY_LABELS.get(row["ethnicity"], ""),
            "count": row["count"],
        }
        for row in queryset.values("ethnicity")
        .annotate(count=Count("pk"))
        .order_by("-count", "ethnicity")
    ]
    places = list(
        queryset.values("native_place")
        .annotate(count=Count("pk"))
        .order_by("-count", "native_place")
    )
    shown = places[:NATIVE_PLACES_SHOWN]
    return {
        "total": totals["total"],
        "age_bands": age_bands,
        "unknown_age": totals["unknown_age"],
        # People under 18 (interns, data typos) fall in no band.
        "other_age": totals["total"] - banded,
        "ethnicities": ethnicities,
        "native_places": [
            {"label": row["native_place"], "count": row["count"]} for row in shown
        ],
        "native_places_other": sum(row["count"] for row in places[len(shown) :]),
    }


def department_tree_ids(department):
    """Return the ids of ``department`` and every department below it."""
    ids, frontier = {department.pk}, [department.pk]
    model = type(department)
    while frontier:
        frontier = list(
            model.objects.filter(parent_id__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.update(frontier)
    return ids


def employee_counts_by_department(queryset):
    """Return {department id: active head count} in one query."""
    return dict(
        queryset.filter(status=Employee.Status.ACTIVE, department__isnull=False)
        .order_by()
        .values_list("department")
        .annotate(count=Count("pk"))
        .values_list("department", "count")
    )

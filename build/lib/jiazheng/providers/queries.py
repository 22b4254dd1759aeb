"""Reads of the provider showcase and job board shared by pages and the API."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import Category
from jiazheng.common.converters import parse_id
from jiazheng.common.models import Region
from jiazheng.providers.models import JobPosting, ProviderProfile, ProviderServiceItem


def _as_pk(value, model):
    """Accept a model instance or its primary key; return the primary key."""
    if isinstance(value, model):
        return value.pk
    return value


def published_items():
    """Return the published fee standards with their item and category loaded."""
    return (
        ProviderServiceItem.objects.filter(is_published=True, item__is_active=True)
        .select_related("item", "item__category")
        .order_by("item__category__sort_order", "item__sort_order", "pk")
    )


def visible_providers():
    """Return the showcase of every active provider, ready for a list page."""
    return (
        ProviderProfile.objects.filter(
            organization__kind=Organization.Kind.PROVIDER,
            organization__is_active=True,
        )
        .select_related("organization", "organization__region")
        .prefetch_related("categories", "districts")
        .order_by("-is_featured", "organization__name", "pk")
    )


def featured_providers(limit=6):
    """Return up to ``limit`` featured providers for the portal home."""
    return list(visible_providers().filter(is_featured=True)[:limit])


def _category_filter(category):
    """Match providers offering ``category`` (or, for a group, any child of it)."""
    if isinstance(category, Category):
        category_ids = Q(pk=category.pk) | Q(parent_id=category.pk)
    elif parse_id(category) is not None:
        category_ids = Q(pk=parse_id(category)) | Q(parent_id=parse_id(category))
    else:
        category_ids = Q(code=category) | Q(parent__code=category)
    matching = Category.objects.filter(category_ids)
    offers_item = ProviderServiceItem.objects.filter(
        organization_id=OuterRef("organization_id"),
        is_published=True,
        item__category__in=matching,
    )
    listed = ProviderProfile.categories.through.objects.filter(
        providerprofile_id=OuterRef("pk"), category__in=matching
    )
    return Exists(listed) | Exists(offers_item)


def _district_filter(district):
    code = _as_pk(district, Region)
    served = ProviderProfile.districts.through.objects.filter(
        providerprofile_id=OuterRef("pk"), region_id=code
    )
    return Exists(served) | Q(organization__region_id=code)


def search_providers(*, q=None, category=None, district=None):
    """Return visible providers matching a text, a category and a district."""
    providers = visible_providers()
    q = (q or "").strip()
    if q:
        providers = providers.filter(
            Q(organization__name__icontains=q) | Q(introduction__icontains=q)
        )
    if category not in (None, ""):
        providers = providers.filter(_category_filter(category))
    if district not in (None, ""):
        providers = providers.filter(_district_filter(district))
    return providers


def providers_with_offer():
    """Return visible providers with their published items and open jobs loaded.

    Each profile gets ``organization.published_items`` and
    ``organization.open_postings``.
    """
    return visible_providers().prefetch_related(
        Prefetch(
            "organization__service_items",
            queryset=published_items(),
            to_attr="published_items",
        ),
        Prefetch(
            "organization__job_postings",
            queryset=open_job_postings(),
            to_attr="open_postings",
        ),
    )


def open_job_postings():
    """Return the open postings of active providers, newest first."""
    return (
        JobPosting.objects.filter(
            status=JobPosting.Status.OPEN,
            organization__is_active=True,
            organization__kind=Organization.Kind.PROVIDER,
        )
        .select_related("organization", "category", "region")
        .order_by("-published_at", "-pk")
    )


def search_job_postings(*, q=None, category=None, district=None):
    """Return open postings matching a text, a category and a district."""
    postings = open_job_postings()
    q = (q or "").strip()
    if q:
        postings = postings.filter(
            Q(title__icontains=q)
            | Q(description__icontains=q)
            | Q(organization__name__icontains=q)
        )
    if category not in (None, ""):
        pk = _as_pk(category, Category)
        postings = postings.filter(Q(category_id=pk) | Q(category__parent_id=pk))
    if district not in (None, ""):
        postings = postings.filter(region_id=_as_pk(district, Region))
    return postings


def posting_districts():
    """Return the districts that have at least one open job posting."""
    with_postings = open_job_postings().order_by().values("region_id")
    return Region.objects.filter(pk__in=with_postings).order_by("code")


def served_districts():
    """Return the districts where at least one visible provider works."""
    served = ProviderProfile.districts.through.objects.filter(
        providerprofile__organization__is_active=True
    ).values("region_id")
    located = Organization.objects.filter(
        kind=Organization.Kind.PROVIDER, is_active=True
    ).values("region_id")
    return Region.objects.filter(Q(pk__in=served) | Q(pk__in=located)).order_by("code")

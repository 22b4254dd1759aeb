"""A provider's own fee standards, job postings and job applications ("my")."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from jiazheng.accounts.tenancy import scope
from jiazheng.common.converters import parse_id
from jiazheng.providers.api.serializers import (
    MyJobApplicationSerializer,
    MyJobPostingSerializer,
    MyProviderItemSerializer,
)
from jiazheng.providers.models import JobApplication, JobPosting, ProviderServiceItem
from jiazheng.providers.permissions import can_manage_offers, provider_of
from jiazheng.providers.services import fees, jobs


class ManagesOffers(BasePermission):
    """Provider office staff (their own rows) and platform staff (all rows)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and (
            can_manage_offers(request.user)
        )


def own_provider(user):
    provider = provider_of(user)
    if provider is None:
        raise PermissionDenied(_("只有加盟企业的职员可以新建。"))
    return provider


class MyProviderItemListView(generics.ListCreateAPIView):
    """The fee standards of the caller's provider; create one."""

    permission_classes = [ManagesOffers]
    serializer_class = MyProviderItemSerializer

    def get_queryset(self):
        return scope(
            ProviderServiceItem.objects.select_related("item", "item__category"),
            self.request.user,
        ).order_by("item__category__sort_order", "item__sort_order", "pk")

    def perform_create(self, serializer):
        values = serializer.validated_data
        serializer.instance = fees.create_provider_item(
            organization=own_provider(self.request.user),
            item=values["item"],
            price=values["price"],
            description=values.get("description", ""),
            is_published=values.get("is_published", True),
            actor=self.request.user,
        )


class MyProviderItemDetailView(generics.RetrieveUpdateDestroyAPIView):
    """Read, change (price, description, publication) or remove a fee standard."""

    permission_classes = [ManagesOffers]
    serializer_class = MyProviderItemSerializer

    def get_queryset(self):
        return scope(
            ProviderServiceItem.objects.select_related("item", "item__category"),
            self.request.user,
        )

    def perform_update(self, serializer):
        instance = serializer.instance
        values = serializer.validated_data
        serializer.instance = fees.update_provider_item(
            provider_item=instance,
            price=values.get("price", instance.price),
            description=values.get("description", instance.description),
            is_published=values.get("is_published", instance.is_published),
            actor=self.request.user,
        )

    def perform_destroy(self, instance):
        fees.delete_provider_item(provider_item=instance, actor=self.request.user)


POSTING_DATA_FIELDS = set(jobs.POSTING_FIELDS)


def visible_postings(user):
    return scope(
        JobPosting.objects.annotate(application_count=Count("applications")),
        user,
    ).order_by("-created_at", "-pk")


class MyJobPostingListView(generics.ListCreateAPIView):
    """The job postings of the caller's provider; publish one."""

    permission_classes = [ManagesOffers]
    serializer_class = MyJobPostingSerializer

    def get_queryset(self):
        return visible_postings(self.request.user)

    def perform_create(self, serializer):
        values = serializer.validated_data
        serializer.instance = jobs.create_job_posting(
            organization=own_provider(self.request.user),
            data={k: v for k, v in values.items() if k in POSTING_DATA_FIELDS},
            status=values.get("status", JobPosting.Status.OPEN),
            actor=self.request.user,
        )


class MyJobPostingDetailView(generics.RetrieveUpdateDestroyAPIView):
    """Read, change, open or close, or delete (if nobody applied) a posting."""

    permission_classes = [ManagesOffers]
    serializer_class = MyJobPostingSerializer

    def get_queryset(self):
        return visible_postings(self.request.user)

    def perform_update(self, serializer):
        values = serializer.validated_data
        posting = serializer.instance
        data = {k: v for k, v in values.items() if k in POSTING_DATA_FIELDS}
        if data:
            posting = jobs.update_job_posting(
                posting=posting, data=data, actor=self.request.user
            )
        if "status" in values and values["status"] != posting.status:
            posting = jobs.set_job_posting_status(
                posting=posting, status=values["status"], actor=self.request.user
            )
        serializer.instance = visible_postings(self.request.user).get(pk=posting.pk)

    def perform_destroy(self, instance):
        jobs.delete_job_posting(posting=instance, actor=self.request.user)


class MyJobApplicationMixin:
    permission_classes = [ManagesOffers]
    serializer_class = MyJobApplicationSerializer

    def get_queryset(self):
        applications = scope(
            JobApplication.objects.select_related("posting"), self.request.user
        ).order_by("-created_at", "-pk")
        posting = self.request.query_params.get("posting", "")
        if parse_id(posting) is not None:
            applications = applications.filter(posting_id=parse_id(posting))
        return applications

    def get_serializer_context(self):
        context = super().get_serializer_context()
        provider = provider_of(self.request.user)
        context["own_provider_ids"] = {provider.pk} if provider else set()
        return context


class MyJobApplicationListView(MyJobApplicationMixin, generics.ListAPIView):
    """Applications to the caller's provider's postings (phones in full)."""


class MyJobApplicationDetailView(MyJobApplicationMixin, generics.RetrieveAPIView):
    pass

"""Public reads of the showcase and job board, and applying to a job."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.providers import queries
from jiazheng.providers.api.serializers import (
    JobApplicationInputSerializer,
    JobApplicationReceiptSerializer,
    JobFilterSerializer,
    JobPostingSerializer,
    JobPostingSummarySerializer,
    ProviderDetailSerializer,
    ProviderFilterSerializer,
    ProviderSerializer,
)
from jiazheng.providers.services.jobs import apply_to_job


def _filters(serializer_class, request):
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return {key: value for key, value in params.validated_data.items() if value}


@extend_schema(parameters=[ProviderFilterSerializer])
class ProviderListView(generics.ListAPIView):
    """List approved providers; filter by category (id or code), district, q."""

    permission_classes = [AllowAny]
    serializer_class = ProviderSerializer

    def get_queryset(self):
        return queries.search_providers(
            **_filters(ProviderFilterSerializer, self.request)
        )


class ProviderDetailView(generics.RetrieveAPIView):
    """Show a provider with its published fee standards and open job postings."""

    permission_classes = [AllowAny]
    serializer_class = ProviderDetailSerializer

    def get_object(self):
        return get_object_or_404(
            queries.providers_with_offer(), organization_id=self.kwargs["pk"]
        )


@extend_schema(parameters=[JobFilterSerializer])
class JobPostingListView(generics.ListAPIView):
    """List open job postings; filter by category id, district and q."""

    permission_classes = [AllowAny]
    serializer_class = JobPostingSummarySerializer

    def get_queryset(self):
        return queries.search_job_postings(
            **_filters(JobFilterSerializer, self.request)
        )


class JobPostingDetailView(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = JobPostingSerializer

    def get_queryset(self):
        return queries.open_job_postings()


class JobApplyView(APIView):
    """Apply to an open posting with a name and phone, once per phone."""

    permission_classes = [AllowAny]

    @extend_schema(
        request=JobApplicationInputSerializer,
        responses={
            201: JobApplicationReceiptSerializer,
            200: OpenApiResponse(
                JobApplicationReceiptSerializer,
                description="This phone had already applied; nothing new was saved.",
            ),
        },
    )
    def post(self, request, pk):
        posting = get_object_or_404(queries.open_job_postings(), pk=pk)
        data = JobApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application, created = apply_to_job(posting=posting, **data.validated_data)
        return Response(
            JobApplicationReceiptSerializer(application).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

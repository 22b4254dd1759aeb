"""Franchise applications over the API: submit, follow, review."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.errors import NotAllowed
from jiazheng.providers.api.serializers import (
    FranchiseApplicationInputSerializer,
    FranchiseApplicationSerializer,
    RejectInputSerializer,
)
from jiazheng.providers.models import ApplicationDocument, FranchiseApplication
from jiazheng.providers.permissions import enterprise_of
from jiazheng.providers.services.franchise import (
    APPLICATION_FIELDS,
    approve_application,
    reject_application,
    submit_application,
)

IDEMPOTENCY_KEY_MAX = 64


def applications_for(user):
    return scope(
        FranchiseApplication.objects.select_related("region", "organization")
        .prefetch_related("categories", "documents", "events")
        .order_by("-submitted_at", "-pk"),
        user,
    )


class FranchiseApplicationListView(generics.ListCreateAPIView):
    """Own organisation's applications (platform staff: all); submit a new one."""

    serializer_class = FranchiseApplicationSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        applications = applications_for(self.request.user)
        status_filter = self.request.query_params.get("status", "")
        if status_filter in FranchiseApplication.Status.values:
            applications = applications.filter(status=status_filter)
        return applications

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=FranchiseApplication.Status.values,
                required=False,
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request={"multipart/form-data": FranchiseApplicationInputSerializer},
        responses={201: FranchiseApplicationSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="Repeat a submission safely: the same key from the "
                "same user returns the first application.",
            )
        ],
    )
    def post(self, request, *args, **kwargs):
        enterprise = enterprise_of(request.user)
        if enterprise is None:
            raise NotAllowed(
                _("只有企业会员可以申请加盟，请先以企业会员身份注册。"),
                code="not_enterprise_member",
            )
        key = request.headers.get("Idempotency-Key", "").strip()[:IDEMPOTENCY_KEY_MAX]
        data = FranchiseApplicationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        documents = []
        if values.get("business_licence"):
            documents.append(
                (ApplicationDocument.Kind.BUSINESS_LICENCE, values["business_licence"])
            )
        documents += [
            (ApplicationDocument.Kind.QUALIFICATION, upload)
            for upload in values.get("qualifications") or []
        ]
        fields = {name: values.get(name) for name in APPLICATION_FIELDS}
        fields["categories"] = values["categories"]
        application = submit_application(
            applicant=request.user,
            organization=enterprise,
            data=fields,
            documents=documents,
            idempotency_key=key,
        )
        application = applications_for(request.user).get(pk=application.pk)
        return Response(
            FranchiseApplicationSerializer(application).data,
            status=status.HTTP_201_CREATED,
        )


class FranchiseApplicationDetailView(generics.RetrieveAPIView):
    serializer_class = FranchiseApplicationSerializer

    def get_queryset(self):
        return applications_for(self.request.user)


class ApproveView(APIView):
    """Approve a submitted application (platform administrators, dispatchers)."""

    @extend_schema(request=None, responses={200: FranchiseApplicationSerializer})
    def post(self, request, pk):
        application = get_scoped_or_404(
            FranchiseApplication.objects.all(), request.user, pk=pk
        )
        approve_application(application=application, reviewer=request.user)
        application = applications_for(request.user).get(pk=pk)
        return Response(FranchiseApplicationSerializer(application).data)


class RejectView(APIView):
    """Reject a submitted application with a reason (sent to the applicant)."""

    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=RejectInputSerializer,
        responses={200: FranchiseApplicationSerializer},
    )
    def post(self, request, pk):
        application = get_scoped_or_404(
            FranchiseApplication.objects.all(), request.user, pk=pk
        )
        data = RejectInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reject_application(
            application=application,
            reviewer=request.user,
            reason=data.validated_data["reason"],
        )
        application = applications_for(request.user).get(pk=pk)
        return Response(FranchiseApplicationSerializer(application).data)

"""Workers over the API for the staff who manage them (tenancy-scoped)."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.errors import ServiceError
from jiazheng.workers.api.serializers import (
    BackgroundCheckSerializer,
    CertificateSerializer,
    ExpiringHealthCertificateSerializer,
    HealthCertificateSerializer,
    LeaveSerializer,
    TrialWorkSerializer,
    WeekSerializer,
    WorkerCreateSerializer,
    WorkerSerializer,
    WorkerUpdateSerializer,
    window_data,
)
from jiazheng.workers.models import Leave
from jiazheng.workers.permissions import can_view_workers, managed_organizations
from jiazheng.workers.queries import (
    EXPIRY_WARNING_DAYS,
    expiring_health_certificates,
    with_health_expiry,
)
from jiazheng.workers.services import (
    activate_worker,
    add_certificate,
    add_leave,
    cancel_leave,
    create_worker,
    deactivate_worker,
    record_background_check,
    record_health_certificate,
    record_trial_work,
    set_weekly_availability,
    update_worker,
)
from jiazheng.workers.views.access import visible_workers

ID_REGEX = "[0-9]{1,18}"


class CanViewWorkers(BasePermission):
    """Platform admins and dispatchers; a provider's admins and staff."""

    def has_permission(self, request, view):
        return can_view_workers(request.user)


def _organization_for_new_worker(user, requested):
    organizations = managed_organizations(user)
    if requested is not None:
        if not organizations.filter(pk=requested.pk).exists():
            raise ServiceError(
                _("您不能为该组织登记服务人员。"),
                code="invalid_organization",
                field="organization",
            )
        return requested
    if organizations.count() != 1:
        raise ServiceError(
            _("请指定所属组织。"), code="organization_required", field="organization"
        )
    return organizations.get()


class WorkerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The workers of the user's organisations (platform staff: all)."""

    permission_classes = [CanViewWorkers]
    serializer_class = WorkerSerializer
    lookup_value_regex = ID_REGEX
    queryset = None

    def get_queryset(self):
        workers = with_health_expiry(visible_workers(self.request.user))
        return workers.prefetch_related("skills", "districts").order_by(
            "employee__name", "pk"
        )

    def get_worker(self):
        """Fetch the worker of the URL without the list's annotations."""
        return get_scoped_or_404(
            visible_workers(self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def _respond(self, worker, code=status.HTTP_200_OK):
        worker = self.get_queryset().get(pk=worker.pk)
        return Response(WorkerSerializer(worker).data, status=code)

    @extend_schema(request=WorkerCreateSerializer, responses={201: WorkerSerializer})
    def create(self, request, *args, **kwargs):
        data = WorkerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        organization = _organization_for_new_worker(
            request.user, values.pop("organization", None)
        )
        password = values.pop("password", "") or None
        worker = create_worker(
            organization=organization,
            actor=request.user,
            user_password=password,
            **values,
        )
        return self._respond(worker, status.HTTP_201_CREATED)

    @extend_schema(request=WorkerUpdateSerializer, responses=WorkerSerializer)
    def update(self, request, *args, **kwargs):
        worker = self.get_worker()
        data = WorkerUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        worker = update_worker(worker=worker, actor=request.user, **data.validated_data)
        return self._respond(worker)

    @extend_schema(request=WorkerUpdateSerializer, responses=WorkerSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(methods=["GET"], request=None, responses=WeekSerializer)
    @extend_schema(methods=["PUT"], request=WeekSerializer, responses=WeekSerializer)
    @action(detail=True, methods=["get", "put"], url_path="availability")
    def availability(self, request, pk=None):
        """Read or replace the worker's week (local time, Asia/Shanghai)."""
        worker = self.get_worker()
        if request.method == "PUT":
            data = WeekSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            windows = set_weekly_availability(
                worker=worker,
                actor=request.user,
                windows=data.validated_data["windows"],
            )
        else:
            windows = worker.availability.all()
        return Response({"windows": [window_data(w) for w in windows]})

    @extend_schema(
        request=inline_serializer(
            "DeactivateWorker",
            {"reason": serializers.CharField(required=False, allow_blank=True)},
        ),
        responses=WorkerSerializer,
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        worker = deactivate_worker(
            worker=self.get_worker(),
            actor=request.user,
            reason=str(request.data.get("reason", "")),
        )
        return self._respond(worker)

    @extend_schema(request=None, responses=WorkerSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        worker = activate_worker(worker=self.get_worker(), actor=request.user)
        return self._respond(worker)

    @extend_schema(methods=["GET"], request=None, responses=LeaveSerializer(many=True))
    @extend_schema(
        methods=["POST"], request=LeaveSerializer, responses={201: LeaveSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def leaves(self, request, pk=None):
        worker = self.get_worker()
        if request.method == "POST":
            data = LeaveSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            leave = add_leave(worker=worker, actor=request.user, **data.validated_data)
            return Response(LeaveSerializer(leave).data, status=status.HTTP_201_CREATED)
        leaves = worker.leaves.order_by("-starts_at", "-pk")
        return Response(LeaveSerializer(leaves, many=True).data)

    def _records(self, request, *, related, serializer_class, service):
        worker = self.get_worker()
        if request.method == "POST":
            data = serializer_class(data=request.data)
            data.is_valid(raise_exception=True)
            record = service(worker=worker, actor=request.user, **data.validated_data)
            return Response(
                serializer_class(record).data, status=status.HTTP_201_CREATED
            )
        records = getattr(worker, related).all()
        return Response(serializer_class(records, many=True).data)

    @extend_schema(
        methods=["GET"], request=None, responses=HealthCertificateSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": HealthCertificateSerializer},
        responses={201: HealthCertificateSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="health-certificates",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def health_certificates(self, request, pk=None):
        return self._records(
            request,
            related="health_certificates",
            serializer_class=HealthCertificateSerializer,
            service=record_health_certificate,
        )

    @extend_schema(
        methods=["GET"], request=None, responses=CertificateSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": CertificateSerializer},
        responses={201: CertificateSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def certificates(self, request, pk=None):
        return self._records(
            request,
            related="certificates",
            serializer_class=CertificateSerializer,
            service=add_certificate,
        )

    @extend_schema(
        methods=["GET"], request=None, responses=BackgroundCheckSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request=BackgroundCheckSerializer,
        responses={201: BackgroundCheckSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="background-checks")
    def background_checks(self, request, pk=None):
        return self._records(
            request,
            related="background_checks",
            serializer_class=BackgroundCheckSerializer,
            service=record_background_check,
        )

    @extend_schema(
        methods=["GET"], request=None, responses=TrialWorkSerializer(many=True)
    )
    @extend_schema(
        methods=["POST"],
        request=TrialWorkSerializer,
        responses={201: TrialWorkSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="trial-works")
    def trial_works(self, request, pk=None):
        return self._records(
            request,
            related="trial_works",
            serializer_class=TrialWorkSerializer,
            service=record_trial_work,
        )


class LeaveCancelView(APIView):
    """Withdraw a leave that has not ended yet."""

    permission_classes = [CanViewWorkers]

    @extend_schema(request=None, responses=LeaveSerializer)
    def post(self, request, pk, leave_pk):
        leave = get_scoped_or_404(
            Leave.objects.select_related("worker__organization"),
            request.user,
            field="worker__organization",
            pk=leave_pk,
            worker_id=pk,
        )
        with transaction.atomic():
            leave = cancel_leave(leave=leave, actor=request.user)
        return Response(LeaveSerializer(leave).data)


class ExpiringHealthCertificateListView(ListAPIView):
    """Latest health certificates running out within 30 days, or run out."""

    permission_classes = [CanViewWorkers]
    serializer_class = ExpiringHealthCertificateSerializer

    def get_queryset(self):
        return scope(
            expiring_health_certificates(within_days=EXPIRY_WARNING_DAYS),
            self.request.user,
            field="worker__organization",
        )

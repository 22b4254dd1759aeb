"""The worker's endpoints: today's work orders, check in, check out, done."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.bookings import queries, services
from jiazheng.bookings.api.serializers import WorkOrderSerializer
from jiazheng.bookings.models import WorkOrder
from jiazheng.common.idempotency import idempotency_header, idempotent


class IsWorker(BasePermission):
    message = _("只有服务人员可以使用此功能。")

    def has_permission(self, request, view):
        return queries.worker_of(request.user) is not None


class MyWorkOrdersTodayView(generics.ListAPIView):
    """List the signed-in worker's work orders of today."""

    permission_classes = [IsWorker]
    serializer_class = WorkOrderSerializer
    pagination_class = None

    def get_queryset(self):
        worker = queries.worker_of(self.request.user)
        return queries.work_orders_of_worker_on(worker, timezone.localdate())


class _WorkOrderActionView(APIView):
    permission_classes = [IsWorker]
    service = None

    @extend_schema(
        request=None,
        responses={200: WorkOrderSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        worker = queries.worker_of(request.user)
        work_order = WorkOrder.objects.filter(pk=pk, worker=worker).first()
        if work_order is None:
            raise Http404
        type(self).service(work_order=work_order, actor=request.user)
        work_order = WorkOrder.objects.select_related(
            "order__item", "order__address", "order__customer", "order__booking"
        ).get(pk=pk)
        return Response(WorkOrderSerializer(work_order).data)


class CheckInView(_WorkOrderActionView):
    service = services.check_in


class CheckOutView(_WorkOrderActionView):
    service = services.check_out


class DoneView(_WorkOrderActionView):
    service = services.mark_done

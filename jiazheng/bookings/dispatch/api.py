"""REST endpoints of dispatch: suggestions, assignment, the day plan, grab
orders and replacement, over the same services as the console."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.tenancy import get_scoped_or_404
from jiazheng.bookings.dispatch.day_plan import dispatch_day
from jiazheng.bookings.dispatch.grab import grab, open_grab, open_offers_for, worker_of
from jiazheng.bookings.dispatch.replacement import request_replacement
from jiazheng.bookings.dispatch.scope import dispatch_organization
from jiazheng.bookings.dispatch.services import assign_worker, rank_candidates
from jiazheng.bookings.models import GrabOffer, Order, WorkOrder
from jiazheng.bookings.queries import may_work_orders
from jiazheng.common.idempotency import idempotency_header, idempotent
from jiazheng.common.models import Region
from jiazheng.workers.models import WorkerProfile


class CanDispatch(BasePermission):
    """Platform dispatchers and admins, and providers' staff."""

    def has_permission(self, request, view):
        return may_work_orders(request.user)


def scoped_order(request, pk):
    return get_scoped_or_404(Order.objects.all(), request.user, pk=pk)


class ReasonSerializer(serializers.Serializer):
    code = serializers.CharField()
    points = serializers.FloatField()
    text = serializers.CharField()


class SuggestionSerializer(serializers.Serializer):
    worker = serializers.IntegerField(source="worker.pk")
    name = serializers.CharField(source="worker.name")
    score = serializers.FloatField()
    reasons = ReasonSerializer(many=True)


class DispatchedWorkOrderSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    reasons = ReasonSerializer(many=True, read_only=True)

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "order",
            "order_number",
            "worker",
            "worker_name",
            "organization",
            "starts_at",
            "ends_at",
            "status",
            "assigned_via",
            "score",
            "reasons",
            "created_at",
        ]
        read_only_fields = fields


class AssignSerializer(serializers.Serializer):
    worker = serializers.IntegerField(min_value=1)


class DayRequestSerializer(serializers.Serializer):
    date = serializers.DateField()
    district = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.DISTRICT),
        required=False,
        allow_null=True,
    )


class NotPlacedSerializer(serializers.Serializer):
    order = serializers.IntegerField(source="order.pk")
    number = serializers.CharField(source="order.number")
    code = serializers.CharField()
    reason = serializers.CharField()


class DayResultSerializer(serializers.Serializer):
    placed = DispatchedWorkOrderSerializer(many=True)
    unplaced = NotPlacedSerializer(many=True)
    rounds = serializers.IntegerField()
    total_score = serializers.FloatField()
    plan_seconds = serializers.FloatField()
    write_seconds = serializers.FloatField()


class GrabOfferSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="order.number", read_only=True)
    item = serializers.CharField(source="order.item.name", read_only=True)
    district = serializers.CharField(source="order.region.name", read_only=True)
    starts_at = serializers.DateTimeField(source="order.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="order.ends_at", read_only=True)

    class Meta:
        model = GrabOffer
        fields = [
            "order",
            "number",
            "item",
            "district",
            "starts_at",
            "ends_at",
            "opened_at",
            "closed_at",
        ]
        read_only_fields = fields


class ReplacementRequestSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255)


class ReplacementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField(source="order_id")
    work_order = serializers.IntegerField(source="work_order_id")
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class SuggestionsView(APIView):
    permission_classes = [IsAuthenticated, CanDispatch]

    @extend_schema(responses=SuggestionSerializer(many=True))
    def get(self, request, pk):
        """Return the best five workers for an order with score and reasons."""
        order = scoped_order(request, pk)
        return Response(SuggestionSerializer(rank_candidates(order), many=True).data)


class AssignView(APIView):
    permission_classes = [IsAuthenticated, CanDispatch]

    @extend_schema(
        request=AssignSerializer,
        responses={201: DispatchedWorkOrderSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        """Assign a worker to an order; the work order is returned."""
        order = scoped_order(request, pk)
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        worker = get_scoped_or_404(
            WorkerProfile.objects.all(), request.user, pk=body.validated_data["worker"]
        )
        work_order = assign_worker(order=order, worker=worker, actor=request.user)
        return Response(
            DispatchedWorkOrderSerializer(work_order).data,
            status=status.HTTP_201_CREATED,
        )


class DayView(APIView):
    permission_classes = [IsAuthenticated, CanDispatch]

    @extend_schema(
        request=DayRequestSerializer,
        responses=DayResultSerializer,
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request):
        """Dispatch every open order of a date (and district) at once."""
        body = DayRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = dispatch_day(
            date=body.validated_data["date"],
            district=body.validated_data.get("district"),
            organization=dispatch_organization(request.user),
            actor=request.user,
        )
        return Response(DayResultSerializer(result).data)


class OpenGrabView(APIView):
    permission_classes = [IsAuthenticated, CanDispatch]

    @extend_schema(
        request=None,
        responses={201: GrabOfferSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        """Offer an order to the provider's free, qualified workers (抢单)."""
        offer = open_grab(order=scoped_order(request, pk), actor=request.user)
        return Response(GrabOfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class GrabOffersView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=GrabOfferSerializer(many=True))
    def get(self, request):
        """Return the open offers the signed-in worker may take."""
        offers = open_offers_for(worker_of(request.user))
        return Response(GrabOfferSerializer(offers, many=True).data)


class TakeGrabView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={201: DispatchedWorkOrderSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        """Take an offered order, first come first served."""
        worker = worker_of(request.user)
        offer = GrabOffer.objects.filter(
            order_id=pk, organization_id=worker.organization_id
        ).first()
        if offer is None:
            raise Http404
        work_order = grab(order=offer.order, worker_user=request.user)
        return Response(
            DispatchedWorkOrderSerializer(work_order).data,
            status=status.HTTP_201_CREATED,
        )


class ReplacementView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReplacementRequestSerializer,
        responses={201: ReplacementSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        """Ask for another worker (换人): the order's customer, or staff."""
        if may_work_orders(request.user):
            order = scoped_order(request, pk)
        else:
            order = Order.objects.filter(pk=pk, customer__user=request.user).first()
            if order is None:
                raise Http404
        body = ReplacementRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        replacement = request_replacement(
            order=order, actor=request.user, reason=body.validated_data["reason"]
        )
        return Response(
            ReplacementSerializer(replacement).data, status=status.HTTP_201_CREATED
        )

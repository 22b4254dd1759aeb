"""The member's booking endpoints: book, list, detail, cancel, confirm, review."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.bookings import queries, services
from jiazheng.bookings.api.serializers import (
    BookingInputSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    ReasonInputSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SlotInputSerializer,
)
from jiazheng.common.errors import ServiceError
from jiazheng.common.idempotency import idempotency_header, idempotent
from jiazheng.customers.queries import customer_for_user, is_member


class IsMember(BasePermission):
    message = _("只有家庭会员或企业会员可以预约。")

    def has_permission(self, request, view):
        return is_member(request.user)


def _orders(request):
    return queries.orders_of_customer(customer_for_user(request.user)).select_related(
        "booking"
    )


def _own(request, pk):
    order = _orders(request).filter(pk=pk).first()
    if order is None:
        raise Http404
    return order


def _detail(order, *, created=False):
    order = (
        type(order)
        .objects.select_related("booking", "item", "organization", "address")
        .get(pk=order.pk)
    )
    return Response(
        OrderDetailSerializer(order).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


class MyOrderListView(generics.ListAPIView):
    """List the member's orders; POST books a new service (1.4.2.3)."""

    permission_classes = [IsMember]
    serializer_class = OrderSerializer

    def get_queryset(self):
        return _orders(self.request)

    @extend_schema(
        request=BookingInputSerializer,
        responses={201: OrderDetailSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request):
        customer = customer_for_user(request.user)
        data = BookingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        address_id = values.pop("address", None)
        address = None
        if address_id:
            address = customer.addresses.filter(pk=address_id).first()
            if address is None:
                raise ServiceError(
                    _("请选择您的服务地址。"), code="invalid_address", field="address"
                )
        order = services.book_online(
            customer=customer,
            actor=request.user,
            address=address,
            # The booking keeps the key too: a repeat whose stored answer
            # is gone still finds the first order.
            idempotency_key=request.idempotency_key or "",
            **values,
        )
        return _detail(order, created=True)


class MyOrderDetailView(generics.RetrieveAPIView):
    permission_classes = [IsMember]
    serializer_class = OrderDetailSerializer

    def get_queryset(self):
        return _orders(self.request)


class MyOrderCancelView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        request=ReasonInputSerializer,
        responses={200: OrderDetailSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        order = _own(request, pk)
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.cancel_order(
            order=order, actor=request.user, reason=data.validated_data.get("reason")
        )
        return _detail(order)


class MyOrderConfirmCompletionView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        request=None,
        responses={200: OrderDetailSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        order = _own(request, pk)
        services.confirm_completion(order=order, actor=request.user)
        return _detail(order)


class MyOrderReviewView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        request=ReviewInputSerializer,
        responses={201: ReviewSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        order = _own(request, pk)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_order(
            order=order, actor=request.user, **data.validated_data
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class MyOrderBookAgainView(APIView):
    permission_classes = [IsMember]

    @extend_schema(
        request=SlotInputSerializer,
        responses={201: OrderDetailSerializer},
        parameters=[idempotency_header()],
    )
    @idempotent
    def post(self, request, pk):
        order = _own(request, pk)
        data = SlotInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = services.book_again(
            order=order, actor=request.user, **data.validated_data
        )
        return _detail(new, created=True)

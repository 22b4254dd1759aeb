"""Serializers of the member, worker and SMS endpoints."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jiazheng.accounts.models import Organization
from jiazheng.bookings.models import Order, Recurrence, ServiceMode, WorkOrder
from jiazheng.bookings.queries import active_work_order
from jiazheng.bookings.services.orders import cancellation_deadline
from jiazheng.bookings.services.reviews import REVIEW_TAGS
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import Region


class OrderEventSerializer(serializers.Serializer):
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class OrderSerializer(serializers.ModelSerializer):
    channel = serializers.CharField(source="booking.channel", read_only=True)
    status_display = serializers.CharField(source="get_status_display")
    item_name = serializers.CharField(source="item.name")
    organization_name = serializers.CharField(source="organization.name", default=None)
    address_text = serializers.CharField(source="address.full_address")
    notes = serializers.CharField(source="booking.notes")
    worker_name = serializers.SerializerMethodField()
    cancellation_deadline = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "channel",
            "item",
            "item_name",
            "organization",
            "organization_name",
            "address",
            "address_text",
            "starts_at",
            "ends_at",
            "service_mode",
            "unit_price",
            "quantity",
            "surcharge_percent",
            "amount",
            "notes",
            "worker_name",
            "cancellation_deadline",
            "created_at",
        ]
        read_only_fields = fields

    def get_worker_name(self, order) -> str | None:
        work_order = active_work_order(order)
        return str(work_order.worker.public_name) if work_order else None

    def get_cancellation_deadline(self, order) -> str:
        return serializers.DateTimeField().to_representation(
            cancellation_deadline(order)
        )


class OrderDetailSerializer(OrderSerializer):
    events = OrderEventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]
        read_only_fields = fields


class NewAddressSerializer(serializers.Serializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=Region.Level.DISTRICT),
        help_text=_("区县的行政区划代码，例如 110105"),
    )
    detail = serializers.CharField(max_length=255)
    label = serializers.CharField(max_length=32, required=False, allow_blank=True)


class BookingInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=ServiceItem.objects.filter(is_active=True)
    )
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.PROVIDER),
        allow_null=True,
        required=False,
        help_text=_("不填或为 null 表示由平台安排"),
    )
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    address = serializers.IntegerField(required=False, allow_null=True)
    new_address = NewAddressSerializer(required=False, allow_null=True)
    service_mode = serializers.ChoiceField(
        choices=ServiceMode.choices, required=False, allow_blank=True
    )
    area = serializers.DecimalField(
        max_digits=8, decimal_places=2, required=False, allow_null=True
    )
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices, required=False, default=Recurrence.NONE
    )
    notes = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("address") and not attrs.get("new_address"):
            raise serializers.ValidationError(
                {"address": _("请选择已有地址或填写新地址。")}
            )
        return attrs


class SlotInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ReviewInputSerializer(serializers.Serializer):
    worker_stars = serializers.IntegerField(min_value=1, max_value=5)
    provider_stars = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=[str(t) for t in REVIEW_TAGS]),
        required=False,
    )


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField(source="order_id")
    worker_stars = serializers.IntegerField()
    provider_stars = serializers.IntegerField()
    text = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()


class WorkOrderSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number")
    item_name = serializers.CharField(source="order.item.name")
    address_text = serializers.CharField(source="order.address.full_address")
    customer_name = serializers.CharField(source="order.customer.name")
    customer_phone = serializers.CharField(source="order.customer.phone")
    notes = serializers.CharField(source="order.booking.notes")
    status_display = serializers.CharField(source="get_status_display")

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "number",
            "status",
            "status_display",
            "order",
            "order_number",
            "item_name",
            "address_text",
            "customer_name",
            "customer_phone",
            "notes",
            "starts_at",
            "ends_at",
            "checked_in_at",
            "checked_out_at",
            "done_at",
        ]
        read_only_fields = fields


class InboundSmsInputSerializer(serializers.Serializer):
    message_id = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    text = serializers.CharField(max_length=1000, allow_blank=True)


class InboundSmsSerializer(serializers.Serializer):
    message_id = serializers.CharField()
    outcome = serializers.CharField()
    reply = serializers.CharField(source="reply_text")
    booking = serializers.CharField(source="booking.number", default=None)
    order = serializers.SerializerMethodField()

    def get_order(self, sms) -> str | None:
        if sms.booking_id is None:
            return None
        order = Order.objects.filter(booking_id=sms.booking_id).first()
        return order.number if order else None

"""Serializers of the card API: cards, entries, items and request bodies."""

from rest_framework import serializers

from jiazheng.cards.models import (
    Card,
    CardItem,
    CardLedgerEntry,
    PaymentMethod,
)


class EntrySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    balance_after = serializers.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        model = CardLedgerEntry
        fields = [
            "id",
            "seq",
            "kind",
            "kind_display",
            "amount",
            "principal_delta",
            "bonus_delta",
            "principal_after",
            "bonus_after",
            "balance_after",
            "visits_delta",
            "method",
            "items",
            "reference",
            "note",
            "created_at",
            "entry_hash",
        ]
        read_only_fields = fields


class CardSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder_display", read_only=True)
    level = serializers.CharField(source="level.name", read_only=True)
    organization_name = serializers.CharField(
        source="organization.name", read_only=True
    )
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    has_pin = serializers.BooleanField(read_only=True)

    class Meta:
        model = Card
        fields = [
            "id",
            "number",
            "kind",
            "status",
            "holder",
            "level",
            "organization",
            "organization_name",
            "balance",
            "principal_balance",
            "bonus_balance",
            "total_topped_up",
            "total_bonus_given",
            "expires_on",
            "has_pin",
            "created_at",
        ]
        read_only_fields = fields


class CardItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = CardItem
        fields = ["id", "name", "price", "service_item", "is_active"]
        read_only_fields = fields


class OpenCardInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Card.Kind.choices)
    phone = serializers.CharField(required=False, allow_blank=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=64)
    holder_name = serializers.CharField(required=False, allow_blank=True, max_length=64)
    pin = serializers.CharField(required=False, allow_blank=True, max_length=6)
    initial_amount = serializers.CharField(required=False, allow_blank=True)
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    reference = serializers.CharField(required=False, allow_blank=True, max_length=64)


class CardAmountInput(serializers.Serializer):
    amount = serializers.CharField()
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    reference = serializers.CharField(required=False, allow_blank=True, max_length=64)


class CardPayLine(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    quantity = serializers.IntegerField(min_value=1, default=1)
    price = serializers.CharField(required=False, allow_blank=True)
    amount = serializers.CharField(required=False, allow_blank=True)


class CardPayInput(serializers.Serializer):
    amount = serializers.CharField()
    items = CardPayLine(many=True, required=False)
    pin = serializers.CharField(required=False, allow_blank=True, max_length=6)
    reference = serializers.CharField(required=False, allow_blank=True, max_length=64)


class CardReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)
    method = serializers.ChoiceField(
        choices=PaymentMethod.choices, default=PaymentMethod.CASH
    )
    amount = serializers.CharField(required=False, allow_blank=True)


class CardFeedbackInput(serializers.Serializer):
    text = serializers.CharField(max_length=2000)

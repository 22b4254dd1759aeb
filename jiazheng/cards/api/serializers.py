"""Serializers of the card API: cards, entries, items and request bodies."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jiazheng.cards.models import (
    BonusRule,
    Card,
    CardApproval,
    CardItem,
    CardLedgerEntry,
    CardLevel,
    CardOperator,
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


# Settings (4.1 to 4.3). Choice fields are sent as plain text so that their
# enums do not clash with others of the same name in the schema.

_POSITIVE = _("金额须大于零。")


def _positive(value):
    if value is not None and value <= 0:
        raise serializers.ValidationError(_POSITIVE)
    return value


class CardLevelSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)

    class Meta:
        model = CardLevel
        fields = ["id", "code", "name", "discount_percent", "upgrade_at", "rank"]
        read_only_fields = ["id", "code"]

    def validate_discount_percent(self, value):
        if not Decimal("0") < value <= Decimal("100"):
            raise serializers.ValidationError(
                _("折扣须大于 0 且不超过 100（100 表示不打折）。")
            )
        return value

    def validate_upgrade_at(self, value):
        return _positive(value)


class BonusRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = BonusRule
        fields = ["id", "name", "min_amount", "bonus", "is_active"]
        read_only_fields = ["id"]

    def validate_min_amount(self, value):
        return _positive(value)

    def validate_bonus(self, value):
        if value < 0:
            raise serializers.ValidationError(_("赠送金额不能为负数。"))
        return value


class CardItemWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = CardItem
        fields = ["id", "name", "service_item", "price", "is_active"]
        read_only_fields = ["id"]

    def validate_price(self, value):
        return _positive(value)


class CardOperatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = CardOperator
        fields = ["id", "name", "phone", "address", "is_active"]
        read_only_fields = ["id"]


class CardEditInput(serializers.Serializer):
    """The fields of a card's record that may be changed (1.2)."""

    holder_name = serializers.CharField(required=False, allow_blank=True, max_length=64)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)
    level = serializers.IntegerField(required=False, min_value=1)
    expires_on = serializers.DateField(required=False, allow_null=True)


class CardReactivateInput(serializers.Serializer):
    reason = serializers.CharField(max_length=255)
    expires_on = serializers.DateField(required=False, allow_null=True)


class CardReactivatedSerializer(CardSerializer):
    restored = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta(CardSerializer.Meta):
        fields = [*CardSerializer.Meta.fields, "restored"]
        read_only_fields = fields


class CardApprovalSerializer(serializers.ModelSerializer):
    card_number = serializers.CharField(source="card.number", read_only=True)
    action = serializers.CharField(read_only=True)
    action_display = serializers.CharField(source="get_action_display", read_only=True)
    status = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    requested_by_name = serializers.CharField(
        source="requested_by.__str__", read_only=True
    )

    class Meta:
        model = CardApproval
        fields = [
            "id",
            "card",
            "card_number",
            "action",
            "action_display",
            "amount",
            "reason",
            "status",
            "status_display",
            "requested_by",
            "requested_by_name",
            "decided_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class CardApprovalDecisionSerializer(CardApprovalSerializer):
    entry = EntrySerializer(read_only=True, allow_null=True)

    class Meta(CardApprovalSerializer.Meta):
        fields = [*CardApprovalSerializer.Meta.fields, "entry"]
        read_only_fields = fields


class ApprovalRequestedSerializer(serializers.Serializer):
    """Answer (202) when an amount needs a second staff member's approval."""

    code = serializers.CharField()
    message = serializers.CharField()
    approval = CardApprovalSerializer()

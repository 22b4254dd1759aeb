"""REST endpoints of the holiday table and the price rule.

Both are public reads (apps show the surcharge before booking); only platform
administrators change the price rule. Holidays are kept in the console.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.catalog import services
from jiazheng.catalog.models import Holiday, PricingRule
from jiazheng.catalog.permissions import can_edit_pricing
from jiazheng.catalog.queries import holidays_known_until, pricing_rule
from jiazheng.catalog.services.holidays import FIRST_YEAR, LAST_YEAR
from jiazheng.common.errors import ServiceError


class ReadOnlyOrPricingAdmin(BasePermission):
    """Anyone reads; only platform administrators write."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return can_edit_pricing(request.user)


class HolidaySerializer(serializers.ModelSerializer):
    class Meta:
        model = Holiday
        fields = ["date", "name", "is_workday"]
        read_only_fields = fields


class HolidayYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    known = serializers.BooleanField(
        help_text="Whether the table has this year's schedule; if not, only "
        "weekends count as days off."
    )
    known_until = serializers.IntegerField(
        allow_null=True, help_text="The last year the table has days for."
    )
    days = HolidaySerializer(many=True)


class PricingRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = PricingRule
        fields = [
            "holiday_surcharge_percent",
            "weekend_surcharge_percent",
            "cancellation_free_hours",
            "auto_confirm_hours",
            "updated_at",
        ]
        read_only_fields = fields


class PricingRuleUpdateSerializer(serializers.Serializer):
    """Field types only; ranges and decimals are the service's to check."""

    holiday_surcharge_percent = serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False
    )
    weekend_surcharge_percent = serializers.DecimalField(
        max_digits=12, decimal_places=4, required=False
    )
    cancellation_free_hours = serializers.IntegerField(required=False)
    auto_confirm_hours = serializers.IntegerField(required=False)


def _year(value):
    if value in (None, ""):
        return timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ServiceError(
            _("年份必须是%(first)s到%(last)s之间的整数。")
            % {"first": FIRST_YEAR, "last": LAST_YEAR},
            code="invalid_year",
            field="year",
        )
    return year


class HolidayYearView(APIView):
    """List a year's statutory days off and make-up working days."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description="Default: the current year."
            )
        ],
        responses={200: HolidayYearSerializer},
    )
    def get(self, request):
        year = _year(request.query_params.get("year"))
        days = list(Holiday.objects.filter(date__year=year).order_by("date"))
        data = {
            "year": year,
            "known": bool(days),
            "known_until": holidays_known_until(),
            "days": days,
        }
        return Response(HolidayYearSerializer(data).data)


class PricingRuleView(APIView):
    """Show the price rule; platform administrators change it with PATCH."""

    permission_classes = [ReadOnlyOrPricingAdmin]

    @extend_schema(responses={200: PricingRuleSerializer})
    def get(self, request):
        return Response(PricingRuleSerializer(pricing_rule()).data)

    @extend_schema(
        request=PricingRuleUpdateSerializer, responses={200: PricingRuleSerializer}
    )
    def patch(self, request):
        data = PricingRuleUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = services.update_pricing_rule(actor=request.user, **data.validated_data)
        return Response(PricingRuleSerializer(rule).data)

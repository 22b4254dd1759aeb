"""Serializers of the workers' API: output shapes and checked input."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jiazheng.accounts.models import Organization
from jiazheng.catalog.models import ServiceItem
from jiazheng.hr.models import Employee
from jiazheng.workers.models import (
    BackgroundCheck,
    Certificate,
    CheckResult,
    HealthCertificate,
    Leave,
    ServiceMode,
    TrialWork,
    WeeklyAvailability,
    WorkerProfile,
)
from jiazheng.workers.queries import health_status


class WorkerSerializer(serializers.ModelSerializer):
    """A worker as staff of their organisation see them."""

    name = serializers.CharField(source="employee.name")
    public_name = serializers.CharField()
    phone = serializers.CharField(source="employee.phone")
    gender = serializers.CharField(source="employee.gender")
    organization_name = serializers.CharField(source="organization.name")
    skills = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    districts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    health_certificate_expires_on = serializers.SerializerMethodField()
    health_status = serializers.SerializerMethodField()

    class Meta:
        model = WorkerProfile
        fields = [
            "id",
            "name",
            "public_name",
            "phone",
            "gender",
            "organization",
            "organization_name",
            "skills",
            "districts",
            "service_mode",
            "years_experience",
            "home_latitude",
            "home_longitude",
            "rating_average",
            "rating_count",
            "is_active",
            "health_certificate_expires_on",
            "health_status",
        ]
        read_only_fields = fields

    def _expiry(self, worker):
        if hasattr(worker, "health_expires_on"):
            return worker.health_expires_on
        latest = worker.health_certificates.order_by("-expires_on").first()
        return latest.expires_on if latest else None

    @extend_schema_field(OpenApiTypes.DATE)
    def get_health_certificate_expires_on(self, worker):
        return self._expiry(worker)

    @extend_schema_field(
        serializers.ChoiceField(choices=["valid", "expiring", "expired", "missing"])
    )
    def get_health_status(self, worker):
        return health_status(self._expiry(worker), today=timezone.localdate())


class WorkerUpdateSerializer(serializers.Serializer):
    """What staff may change of a worker (every field optional)."""

    name = serializers.CharField(max_length=64, required=False)
    gender = serializers.ChoiceField(
        choices=Employee.Gender.choices, required=False, allow_blank=True
    )
    skills = serializers.PrimaryKeyRelatedField(
        many=True, queryset=ServiceItem.objects.all(), required=False
    )
    districts = serializers.ListField(
        child=serializers.CharField(max_length=6), required=False
    )
    service_mode = serializers.ChoiceField(choices=ServiceMode.choices, required=False)
    years_experience = serializers.IntegerField(
        min_value=0, max_value=60, required=False
    )
    home_latitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
        allow_null=True,
    )
    home_longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )


class WorkerCreateSerializer(WorkerUpdateSerializer):
    """A new worker; without ``organization`` the user's own provider."""

    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False
    )
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
        help_text="Optional: without it the worker signs in by SMS code.",
    )


class WeeklyWindowSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(
        min_value=0, max_value=6, help_text="0 = Monday … 6 = Sunday"
    )
    start_time = serializers.CharField(max_length=8, help_text="HH:MM, local time")
    end_time = serializers.CharField(
        max_length=8, help_text="HH:MM; 24:00 (or 00:00) is midnight"
    )


class WeekSerializer(serializers.Serializer):
    windows = WeeklyWindowSerializer(many=True)


def window_data(window: WeeklyAvailability):
    end = f"{window.end_time:%H:%M}"
    return {
        "weekday": window.weekday,
        "start_time": f"{window.start_time:%H:%M}",
        "end_time": "24:00" if end == "00:00" else end,
    }


class LeaveSerializer(serializers.ModelSerializer):
    is_cancelled = serializers.BooleanField(read_only=True)

    class Meta:
        model = Leave
        fields = [
            "id",
            "kind",
            "starts_at",
            "ends_at",
            "reason",
            "is_cancelled",
            "cancelled_at",
        ]
        read_only_fields = ["id", "is_cancelled", "cancelled_at"]


class HealthCertificateSerializer(serializers.ModelSerializer):
    is_expired = serializers.BooleanField(read_only=True)
    scan = serializers.FileField(
        write_only=True, required=False, help_text="PDF, JPG, PNG or WebP"
    )
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = HealthCertificate
        fields = [
            "id",
            "number",
            "issued_by",
            "issued_on",
            "expires_on",
            "is_expired",
            "scan",
            "has_scan",
        ]
        read_only_fields = ["id", "is_expired", "has_scan"]

    def get_has_scan(self, record) -> bool:
        return bool(record.scan)


class CertificateSerializer(serializers.ModelSerializer):
    is_expired = serializers.BooleanField(read_only=True)
    scan = serializers.FileField(
        write_only=True, required=False, help_text="PDF, JPG, PNG or WebP"
    )
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "kind",
            "name",
            "number",
            "issued_by",
            "issued_on",
            "expires_on",
            "is_expired",
            "scan",
            "has_scan",
        ]
        read_only_fields = ["id", "is_expired", "has_scan"]

    def get_has_scan(self, record) -> bool:
        return bool(record.scan)


class BackgroundCheckSerializer(serializers.ModelSerializer):
    result = serializers.ChoiceField(choices=CheckResult.choices)

    class Meta:
        model = BackgroundCheck
        fields = ["id", "result", "checked_on", "checked_by", "note"]
        read_only_fields = ["id"]


class TrialWorkSerializer(serializers.ModelSerializer):
    result = serializers.ChoiceField(choices=CheckResult.choices)

    class Meta:
        model = TrialWork
        fields = ["id", "result", "date", "item", "note"]
        read_only_fields = ["id"]


class ExpiringHealthCertificateSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.employee.name")
    organization = serializers.IntegerField(source="worker.organization_id")
    organization_name = serializers.CharField(source="worker.organization.name")
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = HealthCertificate
        fields = [
            "id",
            "worker",
            "worker_name",
            "organization",
            "organization_name",
            "number",
            "expires_on",
            "is_expired",
        ]
        read_only_fields = fields


class PublicSkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceItem
        fields = ["id", "code", "name"]


class PublicWorkerSerializer(serializers.ModelSerializer):
    """What anyone may see: no full name, phone, age or address."""

    public_name = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    skills = serializers.SerializerMethodField()
    districts = serializers.SerializerMethodField()
    rating_average = serializers.SerializerMethodField()

    class Meta:
        model = WorkerProfile
        fields = [
            "id",
            "public_name",
            "organization",
            "organization_name",
            "skills",
            "districts",
            "service_mode",
            "years_experience",
            "rating_average",
            "rating_count",
        ]
        read_only_fields = fields

    @extend_schema_field(PublicSkillSerializer(many=True))
    def get_skills(self, worker):
        items = [item for item in worker.skills.all() if item.is_active]
        return PublicSkillSerializer(items, many=True).data

    def get_districts(self, worker) -> list[str]:
        return [region.name for region in worker.districts.all()]

    @extend_schema_field(
        serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    )
    def get_rating_average(self, worker):
        """Null until the first review (the prior alone is no rating)."""
        return str(worker.rating_average) if worker.rating_count else None

"""Serializers of the providers API: public showcase, jobs, franchise, offers."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jiazheng.catalog.models import Category, ServiceItem
from jiazheng.catalog.queries import guidance_warning
from jiazheng.common.converters import ID_MAX
from jiazheng.common.models import Region
from jiazheng.common.regions import selectable_regions
from jiazheng.providers.models import (
    ApplicationDocument,
    ApplicationEvent,
    FranchiseApplication,
    JobApplication,
    JobPosting,
    ProviderProfile,
    ProviderServiceItem,
)


class RegionNameSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name", "full_name"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "name"]


class FeeStandardSerializer(serializers.ModelSerializer):
    """A published fee standard with the platform's guidance range beside it."""

    item = serializers.SlugRelatedField(slug_field="code", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True)
    category = serializers.CharField(source="item.category.code", read_only=True)
    category_name = serializers.CharField(source="item.category.name", read_only=True)
    unit = serializers.CharField(source="item.unit", read_only=True)
    unit_display = serializers.CharField(source="get_unit_display", read_only=True)
    guidance_price_min = serializers.DecimalField(
        source="item.guidance_price_min",
        max_digits=12,
        decimal_places=2,
        read_only=True,
    )
    guidance_price_max = serializers.DecimalField(
        source="item.guidance_price_max",
        max_digits=12,
        decimal_places=2,
        read_only=True,
    )
    guidance_warning = serializers.SerializerMethodField()

    class Meta:
        model = ProviderServiceItem
        fields = [
            "id",
            "item",
            "item_name",
            "category",
            "category_name",
            "unit",
            "unit_display",
            "price",
            "guidance_price_min",
            "guidance_price_max",
            "guidance_warning",
            "description",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_guidance_warning(self, obj):
        return guidance_warning(obj.item, obj.price)


class JobPostingSummarySerializer(serializers.ModelSerializer):
    provider = serializers.IntegerField(source="organization_id", read_only=True)
    provider_name = serializers.CharField(source="organization.name", read_only=True)
    category = CategoryRefSerializer(read_only=True)
    region = RegionNameSerializer(read_only=True)

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "provider",
            "provider_name",
            "title",
            "category",
            "region",
            "headcount",
            "salary_min",
            "salary_max",
            "published_at",
        ]
        read_only_fields = fields


class JobPostingSerializer(JobPostingSummarySerializer):
    class Meta(JobPostingSummarySerializer.Meta):
        fields = [
            *JobPostingSummarySerializer.Meta.fields,
            "description",
            "requirements",
        ]
        read_only_fields = fields


class ProviderSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="organization_id", read_only=True)
    name = serializers.CharField(source="organization.name", read_only=True)
    region = RegionNameSerializer(source="organization.region", read_only=True)
    address = serializers.CharField(source="organization.address", read_only=True)
    contact_phone = serializers.CharField(
        source="organization.contact_phone", read_only=True
    )
    latitude = serializers.DecimalField(
        source="organization.latitude", max_digits=9, decimal_places=6, read_only=True
    )
    longitude = serializers.DecimalField(
        source="organization.longitude",
        max_digits=9,
        decimal_places=6,
        read_only=True,
    )
    introduction = serializers.CharField(
        read_only=True, help_text="Sanitised HTML (p, br, strong, em, lists, links)."
    )
    categories = CategoryRefSerializer(many=True, read_only=True)
    districts = RegionNameSerializer(many=True, read_only=True)

    class Meta:
        model = ProviderProfile
        fields = [
            "id",
            "name",
            "region",
            "address",
            "contact_phone",
            "latitude",
            "longitude",
            "introduction",
            "categories",
            "districts",
            "logo",
            "founded_year",
            "is_featured",
        ]
        read_only_fields = fields


class ProviderDetailSerializer(ProviderSerializer):
    items = FeeStandardSerializer(
        source="organization.published_items", many=True, read_only=True
    )
    job_postings = JobPostingSummarySerializer(
        source="organization.open_postings", many=True, read_only=True
    )

    class Meta(ProviderSerializer.Meta):
        fields = [*ProviderSerializer.Meta.fields, "items", "job_postings"]
        read_only_fields = fields


class ProviderFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=64)
    category = serializers.CharField(
        required=False, allow_blank=True, max_length=64, help_text="id or code"
    )
    district = serializers.CharField(
        required=False, allow_blank=True, max_length=6, help_text="region code"
    )


class JobFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=64)
    category = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)
    district = serializers.CharField(
        required=False, allow_blank=True, max_length=6, help_text="region code"
    )


class JobApplicationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    message = serializers.CharField(
        required=False, allow_blank=True, max_length=500, default=""
    )


class JobApplicationReceiptSerializer(serializers.ModelSerializer):
    """What the public gets back: no one else's details, the phone masked."""

    phone = serializers.CharField(source="masked_phone", read_only=True)

    class Meta:
        model = JobApplication
        fields = ["id", "posting", "phone", "created_at"]
        read_only_fields = fields


class ApplicationDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "original_name", "size", "uploaded_at"]
        read_only_fields = fields


class ApplicationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApplicationEvent
        fields = ["from_status", "to_status", "note", "created_at"]
        read_only_fields = fields


class FranchiseApplicationSerializer(serializers.ModelSerializer):
    region = RegionNameSerializer(read_only=True)
    categories = CategoryRefSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    documents = ApplicationDocumentSerializer(many=True, read_only=True)
    events = ApplicationEventSerializer(many=True, read_only=True)

    class Meta:
        model = FranchiseApplication
        fields = [
            "id",
            "organization",
            "company_name",
            "credit_code",
            "legal_representative",
            "contact_phone",
            "region",
            "address",
            "latitude",
            "longitude",
            "categories",
            "introduction",
            "status",
            "status_display",
            "reject_reason",
            "submitted_at",
            "reviewed_at",
            "provider",
            "documents",
            "events",
        ]
        read_only_fields = fields


class FranchiseApplicationInputSerializer(serializers.Serializer):
    """Multipart input; the service checks the credit code, files and rules."""

    company_name = serializers.CharField(max_length=128)
    credit_code = serializers.CharField(max_length=32)
    legal_representative = serializers.CharField(max_length=64)
    contact_phone = serializers.CharField(max_length=20)
    region = serializers.PrimaryKeyRelatedField(
        queryset=selectable_regions(),
        help_text="district region code",
    )
    address = serializers.CharField(max_length=255)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True
    )
    categories = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True), many=True
    )
    introduction = serializers.CharField(max_length=2000)
    business_licence = serializers.FileField(required=False)
    qualifications = serializers.ListField(
        child=serializers.FileField(), required=False, max_length=10
    )


class RejectInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, allow_blank=True)


class MyProviderItemSerializer(FeeStandardSerializer):
    """A fee standard as its provider manages it (published or not)."""

    item = serializers.SlugRelatedField(
        slug_field="code", queryset=ServiceItem.objects.filter(is_active=True)
    )

    class Meta(FeeStandardSerializer.Meta):
        fields = [*FeeStandardSerializer.Meta.fields, "is_published"]
        read_only_fields = [
            f
            for f in FeeStandardSerializer.Meta.fields
            if f not in {"item", "price", "description"}
        ]
        extra_kwargs = {"description": {"validators": []}}


class MyJobPostingSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(
        queryset=Category.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    region = serializers.PrimaryKeyRelatedField(
        queryset=selectable_regions(),
        required=False,
        allow_null=True,
    )
    application_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "title",
            "category",
            "region",
            "headcount",
            "salary_min",
            "salary_max",
            "description",
            "requirements",
            "status",
            "published_at",
            "application_count",
        ]
        read_only_fields = ["id", "published_at", "application_count"]
        # The service runs the model's validators and reports the first error.
        extra_kwargs = {
            "title": {"validators": []},
            "description": {"validators": []},
            "requirements": {"validators": []},
        }


class MyJobApplicationSerializer(serializers.ModelSerializer):
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    phone = serializers.SerializerMethodField()

    class Meta:
        model = JobApplication
        fields = [
            "id",
            "posting",
            "posting_title",
            "name",
            "phone",
            "message",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_phone(self, obj):
        # In full for the provider applied to, who needs to call back.
        if obj.organization_id in self.context.get("own_provider_ids", ()):
            return obj.phone
        return obj.masked_phone

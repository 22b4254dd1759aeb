"""REST endpoints: a member's own record and addresses; staff's customer list.

Members (family and enterprise) read and change their own customer record
and addresses under ``me/``; the platform's admins and dispatchers list,
read and create customers under ``customers/``.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from jiazheng.accounts.models import Organization
from jiazheng.accounts.permissions import HasRole
from jiazheng.common.models import Region
from jiazheng.customers import services
from jiazheng.customers.models import Customer, CustomerAddress, CustomerContact
from jiazheng.customers.queries import (
    CUSTOMER_STAFF_ROLES,
    customer_for_user,
    is_member,
    search_customers,
)


class IsMember(BasePermission):
    """A signed-in family or enterprise member."""

    message = _("只有会员可以使用此功能。")

    def has_permission(self, request, view):
        return is_member(request.user)


class AddressSerializer(serializers.ModelSerializer):
    region = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.all(), help_text="District code (GB/T 2260)."
    )
    region_name = serializers.CharField(source="region.full_name", read_only=True)

    class Meta:
        model = CustomerAddress
        fields = [
            "id",
            "label",
            "region",
            "region_name",
            "detail",
            "latitude",
            "longitude",
            "is_default",
        ]
        read_only_fields = ["id", "region_name"]


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = CustomerContact
        fields = ["id", "name", "phone", "relation"]


class MyCustomerSerializer(serializers.ModelSerializer):
    """What a member sees of their own record (staff notes and tags stay)."""

    class Meta:
        model = Customer
        fields = ["id", "kind", "name", "phone", "created_at"]
        read_only_fields = ["id", "kind", "phone", "created_at"]


class CustomerSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, default=""
    )
    has_account = serializers.SerializerMethodField()

    class Meta:
        model = Customer
        fields = [
            "id",
            "kind",
            "name",
            "phone",
            "enterprise",
            "enterprise_name",
            "tags",
            "note",
            "source",
            "has_account",
            "created_at",
        ]

    def get_has_account(self, customer) -> bool:
        return customer.user_id is not None


class CustomerDetailSerializer(CustomerSerializer):
    addresses = AddressSerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "addresses", "contacts"]


class CustomerInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Customer.Kind.choices)
    name = serializers.CharField(max_length=64)
    phone = serializers.CharField(max_length=20)
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.filter(kind=Organization.Kind.ENTERPRISE),
        required=False,
        allow_null=True,
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False
    )


class MyCustomerView(generics.RetrieveUpdateAPIView):
    """The signed-in member's customer record; only the name can change."""

    permission_classes = [IsMember]
    serializer_class = MyCustomerSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return customer_for_user(self.request.user)

    def perform_update(self, serializer):
        customer = serializer.instance
        serializer.instance = services.update_customer(
            customer=customer,
            actor=self.request.user,
            name=serializer.validated_data.get("name", customer.name),
            kind=customer.kind,
            note=customer.note,
            enterprise=customer.enterprise,
        )


def _address_values(values, address=None):
    """Return the service arguments: given values over the stored ones."""

    def pick(name, default=None):
        if name in values:
            return values[name]
        return getattr(address, name) if address is not None else default

    return {
        "region": pick("region"),
        "detail": pick("detail", ""),
        "label": pick("label", ""),
        "latitude": pick("latitude"),
        "longitude": pick("longitude"),
        "is_default": pick("is_default", False),
    }


class MyAddressListView(generics.ListCreateAPIView):
    """The member's service addresses; add one (the first is the default)."""

    permission_classes = [IsMember]
    serializer_class = AddressSerializer

    def get_queryset(self):
        customer = customer_for_user(self.request.user)
        return customer.addresses.select_related("region").order_by("-is_default", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.add_address(
            customer=customer_for_user(self.request.user),
            **_address_values(serializer.validated_data),
        )


class MyAddressDetailView(generics.RetrieveUpdateDestroyAPIView):
    """Read, change or remove one of the member's addresses."""

    permission_classes = [IsMember]
    serializer_class = AddressSerializer

    def get_queryset(self):
        customer = customer_for_user(self.request.user)
        return customer.addresses.select_related("region")

    def perform_update(self, serializer):
        serializer.instance = services.update_address(
            address=serializer.instance,
            **_address_values(serializer.validated_data, serializer.instance),
        )

    def perform_destroy(self, instance):
        services.remove_address(address=instance)


CustomerStaff = HasRole.of(*CUSTOMER_STAFF_ROLES, platform_only=True)


@extend_schema_view(
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="Name, full mobile number or its last four digits.",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Customer.Kind.values),
            OpenApiParameter("tag", OpenApiTypes.STR, description="Tag name."),
        ]
    ),
    post=extend_schema(
        request=CustomerInputSerializer, responses={201: CustomerDetailSerializer}
    ),
)
class CustomerListView(generics.ListCreateAPIView):
    """Every customer, for the platform's admins and dispatchers; create one."""

    permission_classes = [CustomerStaff]
    serializer_class = CustomerSerializer

    def get_serializer_class(self):
        if self.request.method == "POST":
            return CustomerInputSerializer
        return CustomerSerializer

    def get_queryset(self):
        params = self.request.query_params
        kind = params.get("kind", "")
        customers = search_customers(
            query=params.get("q", "")[:64],
            kind=kind if kind in Customer.Kind.values else "",
        )
        if params.get("tag"):
            customers = customers.filter(tags__name=params["tag"][:32])
        return customers.select_related("enterprise").prefetch_related("tags")

    def create(self, request, *args, **kwargs):
        serializer = CustomerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = serializer.validated_data
        customer = services.create_customer(
            kind=values["kind"],
            name=values["name"],
            phone=values["phone"],
            source=Customer.Source.STAFF,
            created_by=request.user,
            enterprise=values.get("enterprise"),
            note=values.get("note", ""),
            tags=values.get("tags", ()),
        )
        customer = self.get_queryset().get(pk=customer.pk)
        return Response(
            CustomerDetailSerializer(customer).data, status=status.HTTP_201_CREATED
        )


class CustomerDetailView(generics.RetrieveAPIView):
    """One customer with addresses and contacts."""

    permission_classes = [CustomerStaff]
    serializer_class = CustomerDetailSerializer
    queryset = Customer.objects.select_related("enterprise").prefetch_related(
        "tags", "addresses__region", "contacts"
    )

"""REST endpoints of the catalogue: public reads, writes for platform editors."""

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from jiazheng.catalog import services
from jiazheng.catalog.models import Category, ServiceItem, Unit
from jiazheng.catalog.permissions import can_edit_catalog
from jiazheng.catalog.queries import (
    active_items,
    category_tree,
    get_active_category,
    in_catalogue_order,
    search_items,
)


class ReadOnlyOrCatalogEditor(BasePermission):
    """Anyone reads; only platform administrators and editors write."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return can_edit_catalog(request.user)


class ServiceItemSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    unit_display = serializers.CharField(source="get_unit_display", read_only=True)
    guidance_price_display = serializers.CharField(
        source="guidance_range_display", read_only=True
    )

    class Meta:
        model = ServiceItem
        fields = [
            "code",
            "name",
            "category",
            "category_name",
            "unit",
            "unit_display",
            "guidance_price_min",
            "guidance_price_max",
            "guidance_price_display",
            "description",
            "sort_order",
            "is_active",
        ]
        read_only_fields = fields


class ChildCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["code", "name", "description", "is_hot", "sort_order"]


class CategoryTreeSerializer(serializers.ModelSerializer):
    children = ChildCategorySerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name", "description", "is_hot", "sort_order", "children"]


class ChildCategoryWithItemsSerializer(serializers.ModelSerializer):
    items = ServiceItemSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["code", "name", "description", "is_hot", "sort_order", "items"]


class CategoryDetailSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    children = ChildCategoryWithItemsSerializer(many=True, read_only=True)
    items = ServiceItemSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = [
            "code",
            "name",
            "description",
            "is_hot",
            "sort_order",
            "parent",
            "children",
            "items",
        ]


class GuidancePriceSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="name", read_only=True)
    item_code = serializers.CharField(source="code", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    unit_display = serializers.CharField(source="get_unit_display", read_only=True)
    min = serializers.DecimalField(
        source="guidance_price_min", max_digits=12, decimal_places=2, read_only=True
    )
    max = serializers.DecimalField(
        source="guidance_price_max", max_digits=12, decimal_places=2, read_only=True
    )

    class Meta:
        model = ServiceItem
        fields = [
            "item_code",
            "item",
            "category",
            "category_name",
            "unit",
            "unit_display",
            "min",
            "max",
        ]


class _ItemInputFields(serializers.Serializer):
    category = serializers.SlugRelatedField(
        slug_field="code", queryset=Category.objects.all()
    )
    name = serializers.CharField(max_length=64)
    unit = serializers.ChoiceField(choices=Unit.choices)
    guidance_price_min = serializers.DecimalField(max_digits=12, decimal_places=2)
    guidance_price_max = serializers.DecimalField(max_digits=12, decimal_places=2)
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=2000
    )
    sort_order = serializers.IntegerField(
        required=False, min_value=0, max_value=2_147_483_647
    )


class ItemCreateSerializer(_ItemInputFields):
    code = serializers.SlugField(max_length=64)


class ItemUpdateSerializer(_ItemInputFields):
    is_active = serializers.BooleanField(required=False)


ITEM_FILTERS = [
    OpenApiParameter(
        "category",
        OpenApiTypes.STR,
        description="Category or group code; a group includes its categories.",
    ),
    OpenApiParameter("q", OpenApiTypes.STR, description="Text in name or category."),
]


class CategoryListView(generics.ListAPIView):
    """List the active category tree: groups with their categories."""

    permission_classes = [ReadOnlyOrCatalogEditor]
    serializer_class = CategoryTreeSerializer
    pagination_class = None

    def get_queryset(self):
        return category_tree()


class CategoryDetailView(generics.RetrieveAPIView):
    """Show one active category with its categories and items."""

    permission_classes = [ReadOnlyOrCatalogEditor]
    serializer_class = CategoryDetailSerializer
    lookup_field = "code"

    def get_object(self):
        category = get_active_category(self.kwargs["code"])
        if category is None:
            raise Http404
        return category


class ItemListView(generics.ListCreateAPIView):
    """List active service items; platform editors create new ones."""

    permission_classes = [ReadOnlyOrCatalogEditor]

    def get_serializer_class(self):
        if self.request.method == "POST":
            return ItemCreateSerializer
        return ServiceItemSerializer

    def get_queryset(self):
        items = search_items(self.request.query_params.get("q"))
        category = self.request.query_params.get("category")
        if category:
            items = items.filter(
                Q(category__code=category) | Q(category__parent__code=category)
            )
        return in_catalogue_order(items)

    @extend_schema(parameters=ITEM_FILTERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ItemCreateSerializer, responses={201: ServiceItemSerializer})
    def post(self, request, *args, **kwargs):
        data = ItemCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.create_item(actor=request.user, **data.validated_data)
        return Response(
            ServiceItemSerializer(item).data, status=status.HTTP_201_CREATED
        )


class ItemDetailView(generics.RetrieveAPIView):
    """Show one service item; platform editors change it with PATCH."""

    permission_classes = [ReadOnlyOrCatalogEditor]
    serializer_class = ServiceItemSerializer
    lookup_field = "code"

    def get_queryset(self):
        # Editors can reach inactive items to change or re-activate them.
        if self.request.method not in SAFE_METHODS:
            return ServiceItem.objects.select_related("category")
        return active_items()

    @extend_schema(
        request=ItemUpdateSerializer(partial=True),
        responses={200: ServiceItemSerializer},
    )
    def patch(self, request, *args, **kwargs):
        item = self.get_object()
        data = ItemUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        is_active = fields.pop("is_active", None)
        # One request, one outcome: a refused status change keeps the edits out.
        with transaction.atomic():
            item = services.update_item(actor=request.user, item=item, **fields)
            if is_active is not None:
                item = services.set_item_active(
                    actor=request.user, item=item, is_active=is_active
                )
        return Response(ServiceItemSerializer(item).data)


class GuidancePriceListView(generics.ListAPIView):
    """List the guidance price of every active item (1.4.3), flat."""

    permission_classes = [ReadOnlyOrCatalogEditor]
    serializer_class = GuidancePriceSerializer
    pagination_class = None

    def get_queryset(self):
        return in_catalogue_order(active_items())

"""Read-only admin views: catalogue changes go through the console services,
so that each one leaves a CatalogChange row."""

from django.contrib import admin

from jiazheng.catalog.models import (
    CatalogChange,
    Category,
    Holiday,
    PricingRule,
    ServiceItem,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "parent", "sort_order", "is_hot", "is_active"]
    list_filter = ["is_active", "is_hot"]
    search_fields = ["code", "name"]


@admin.register(ServiceItem)
class ServiceItemAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "unit",
        "guidance_price_min",
        "guidance_price_max",
        "is_active",
    ]
    list_filter = ["is_active", "unit"]
    search_fields = ["code", "name"]


@admin.register(CatalogChange)
class CatalogChangeAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "object_kind", "object_code", "action"]
    list_filter = ["object_kind", "action"]
    search_fields = ["object_code"]


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ["date", "name", "is_workday", "source", "updated_at"]
    list_filter = ["is_workday", "source"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(PricingRule)
class PricingRuleAdmin(ReadOnlyAdmin):
    list_display = [
        "holiday_surcharge_percent",
        "weekend_surcharge_percent",
        "cancellation_free_hours",
        "auto_confirm_hours",
        "updated_at",
    ]

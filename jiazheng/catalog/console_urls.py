from django.urls import path

from jiazheng.catalog.views import console, pricing

app_name = "catalog_console"
urlpatterns = [
    path("", console.category_list, name="category_list"),
    path("categories/new/", console.category_create, name="category_create"),
    path("categories/<id:pk>/edit/", console.category_edit, name="category_edit"),
    path(
        "categories/<id:pk>/active/",
        console.category_set_active,
        name="category_set_active",
    ),
    path("items/", console.item_list, name="item_list"),
    path("items/new/", console.item_create, name="item_create"),
    path("items/<id:pk>/edit/", console.item_edit, name="item_edit"),
    path("items/<id:pk>/active/", console.item_set_active, name="item_set_active"),
    path("holidays/", pricing.holiday_list, name="holiday_list"),
    path("holidays/new/", pricing.holiday_create, name="holiday_create"),
    path("holidays/sync/", pricing.holiday_sync, name="holiday_sync"),
    path("holidays/<id:pk>/edit/", pricing.holiday_edit, name="holiday_edit"),
    path("holidays/<id:pk>/delete/", pricing.holiday_delete, name="holiday_delete"),
    path("pricing/", pricing.pricing_rule_page, name="pricing_rule"),
]

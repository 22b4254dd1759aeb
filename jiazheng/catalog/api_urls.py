from django.urls import path

from jiazheng.catalog import api, api_pricing

urlpatterns = [
    path("categories/", api.CategoryListView.as_view(), name="category-list"),
    path(
        "categories/<slug:code>/",
        api.CategoryDetailView.as_view(),
        name="category-detail",
    ),
    path("items/", api.ItemListView.as_view(), name="item-list"),
    path("items/<slug:code>/", api.ItemDetailView.as_view(), name="item-detail"),
    path(
        "guidance-prices/",
        api.GuidancePriceListView.as_view(),
        name="guidance-price-list",
    ),
    path("holidays/", api_pricing.HolidayYearView.as_view(), name="holiday-list"),
    path(
        "pricing-rule/",
        api_pricing.PricingRuleView.as_view(),
        name="pricing-rule",
    ),
]

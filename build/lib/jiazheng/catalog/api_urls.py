from django.urls import path

from jiazheng.catalog import api

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
]

from django.urls import path

from jiazheng.catalog.views import console

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
]

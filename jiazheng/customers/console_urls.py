from django.urls import path

from jiazheng.customers import views

app_name = "customers_console"
urlpatterns = [
    path("", views.customer_list, name="customer_list"),
    path("export/", views.customer_export, name="customer_export"),
    path("new/", views.customer_create, name="customer_create"),
    path("<id:pk>/", views.customer_detail, name="customer_detail"),
    path("<id:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<id:pk>/addresses/new/", views.address_create, name="address_create"),
    path(
        "<id:pk>/addresses/<id:address_pk>/",
        views.address_edit,
        name="address_edit",
    ),
    path(
        "<id:pk>/addresses/<id:address_pk>/delete/",
        views.address_delete,
        name="address_delete",
    ),
    path("<id:pk>/contacts/new/", views.contact_create, name="contact_create"),
    path(
        "<id:pk>/contacts/<id:contact_pk>/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "<id:pk>/contacts/<id:contact_pk>/delete/",
        views.contact_delete,
        name="contact_delete",
    ),
]

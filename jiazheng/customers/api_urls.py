from django.urls import path

from jiazheng.customers import api

urlpatterns = [
    path("me/customer/", api.MyCustomerView.as_view(), name="me-customer"),
    path("me/addresses/", api.MyAddressListView.as_view(), name="me-address-list"),
    path(
        "me/addresses/<id:pk>/",
        api.MyAddressDetailView.as_view(),
        name="me-address-detail",
    ),
    path("customers/", api.CustomerListView.as_view(), name="customer-list"),
    path(
        "customers/<id:pk>/",
        api.CustomerDetailView.as_view(),
        name="customer-detail",
    ),
]

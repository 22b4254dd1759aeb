from django.urls import path

from jiazheng.hr import api

urlpatterns = [
    path("employees/", api.EmployeeListView.as_view(), name="employee-list"),
    path(
        "employees/<id:pk>/",
        api.EmployeeDetailView.as_view(),
        name="employee-detail",
    ),
]

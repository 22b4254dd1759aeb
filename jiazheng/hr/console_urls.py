from django.urls import path

from jiazheng.hr import views

app_name = "hr_console"
urlpatterns = [
    path("", views.employee_list, name="employee_list"),
    path("export/", views.employee_export, name="employee_export"),
    path("stats/", views.employee_stats, name="employee_stats"),
    path("new/", views.employee_create, name="employee_create"),
    path("<id:pk>/", views.employee_detail, name="employee_detail"),
    path("<id:pk>/edit/", views.employee_edit, name="employee_edit"),
    path("<id:pk>/position/", views.employee_position, name="employee_position"),
    path("<id:pk>/leave/", views.employee_leave, name="employee_leave"),
    path("departments/", views.department_list, name="department_list"),
    path("positions/", views.position_list, name="position_list"),
]

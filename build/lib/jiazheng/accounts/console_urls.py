from django.urls import path

from jiazheng.accounts.views import console

app_name = "accounts_console"
urlpatterns = [
    path("verifications/", console.verification_list, name="verification_list"),
    path(
        "verifications/<id:pk>/",
        console.verification_detail,
        name="verification_detail",
    ),
    path("users/", console.user_list, name="user_list"),
    path(
        "organizations/<id:organization_pk>/staff/new/",
        console.staff_create,
        name="staff_create",
    ),
    path("organizations/", console.organization_list, name="organization_list"),
]

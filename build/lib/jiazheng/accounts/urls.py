from django.urls import path

from jiazheng.accounts.views import auth, member

app_name = "accounts"
urlpatterns = [
    path("signup/", auth.signup, name="signup"),
    path("sms-code/", auth.sms_code, name="sms_code"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password-reset/", auth.password_reset, name="password_reset"),
    path("me/", member.me, name="me"),
    path("me/password/", member.change_password, name="change_password"),
    path("me/verification/", member.verification, name="verification"),
    path(
        "verifications/<id:pk>/photo/",
        member.verification_photo,
        name="verification_photo",
    ),
]

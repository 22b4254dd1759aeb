from django.urls import path

from jiazheng.accounts import api

urlpatterns = [
    path("auth/sms-codes/", api.SmsCodeView.as_view(), name="auth-sms-codes"),
    path("auth/signup/", api.SignupView.as_view(), name="auth-signup"),
    path("auth/token/", api.TokenView.as_view(), name="auth-token"),
    path(
        "auth/password-reset/",
        api.PasswordResetView.as_view(),
        name="auth-password-reset",
    ),
    path("me/", api.MeView.as_view(), name="me"),
    path("me/verification/", api.VerificationView.as_view(), name="me-verification"),
]

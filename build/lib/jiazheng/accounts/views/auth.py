"""Sign-up, login, logout and password reset pages."""

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiazheng.accounts import services
from jiazheng.accounts.backends import SMS_CODE_ERROR_ATTR
from jiazheng.accounts.forms import (
    CodeLoginForm,
    PasswordLoginForm,
    PasswordResetForm,
    SignupForm,
)
from jiazheng.accounts.models import SmsCodePurpose
from jiazheng.audit.services import client_ip
from jiazheng.common.errors import ServiceError

PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"
MODE_PASSWORD = "password"
MODE_CODE = "code"


def _next_url(request, default="accounts:me"):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return reverse(default)


def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:me")
    initial_kind = request.GET.get("kind", SignupForm.KIND_FAMILY)
    form = SignupForm(request.POST or None, initial={"kind": initial_kind})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == SignupForm.KIND_ENTERPRISE:
                user = services.sign_up_enterprise_member(
                    phone=data["phone"],
                    code=data["code"],
                    name=data["name"],
                    password=data["password1"],
                    company_name=data["company_name"],
                    credit_code=data["credit_code"],
                )
            else:
                user = services.sign_up_family_member(
                    phone=data["phone"],
                    code=data["code"],
                    name=data["name"],
                    password=data["password1"],
                )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            login(request, user, backend=PASSWORD_BACKEND)
            messages.success(request, _("注册成功，欢迎使用家政服务平台。"))
            return redirect("accounts:me")
    return render(request, "accounts/signup.html", {"form": form})


@require_POST
def sms_code(request):
    """Send a code (htmx): answer with a status fragment, never an error page."""
    purpose = request.POST.get("purpose", "")
    if purpose not in SmsCodePurpose.values:
        purpose = None
    context = {"ok": False}
    if purpose is None:
        context["message"] = _("请求无效，请刷新页面后重试。")
    else:
        try:
            sent = services.request_code(
                phone=request.POST.get("phone", ""),
                purpose=purpose,
                ip_address=client_ip(request),
            )
        except ServiceError as error:
            context["message"] = str(error.message)
        else:
            context.update(
                ok=True,
                message=_("验证码已发送，%(minutes)d 分钟内有效。")
                % {"minutes": sent.expires_in // 60},
                resend_after=sent.resend_after,
            )
    return render(request, "accounts/_sms_code_status.html", context)


def login_view(request):
    mode = request.POST.get("mode") or request.GET.get("mode") or MODE_PASSWORD
    if mode not in (MODE_PASSWORD, MODE_CODE):
        mode = MODE_PASSWORD
    data = request.POST if request.method == "POST" else None
    password_form = PasswordLoginForm(data if mode == MODE_PASSWORD else None)
    code_form = CodeLoginForm(data if mode == MODE_CODE else None, prefix=MODE_CODE)
    form = password_form if mode == MODE_PASSWORD else code_form

    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"].strip()
        # Through authenticate(): axes counts failures and locks out, and
        # the login signals reach the system log.
        if mode == MODE_PASSWORD:
            user = authenticate(
                request, username=phone, password=form.cleaned_data["password"]
            )
        else:
            user = authenticate(
                request, username=phone, sms_code=form.cleaned_data["code"]
            )
        if user is not None:
            login(request, user)
            return redirect(_next_url(request))
        code_error = getattr(request, SMS_CODE_ERROR_ATTR, None)
        if mode == MODE_CODE and code_error is not None:
            form.add_error("code", str(code_error.message))
        elif mode == MODE_CODE:
            form.add_error("code", _("验证码错误"))
        else:
            form.add_error(None, _("手机号或密码错误。"))

    return render(
        request,
        "accounts/login.html",
        {
            "mode": mode,
            "password_form": password_form,
            "code_form": code_form,
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("您已安全退出。"))
    return redirect("web:home")


def password_reset(request):
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reset_password(
                phone=data["phone"],
                code=data["code"],
                new_password=data["new_password1"],
            )
        except ServiceError as error:
            if error.field == "new_password":
                error.field = "new_password1"
            form.add_service_error(error)
        else:
            messages.success(request, _("密码已重置，请使用新密码登录。"))
            return redirect("accounts:login")
    return render(request, "accounts/password_reset.html", {"form": form})

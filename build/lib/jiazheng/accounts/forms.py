"""Forms of the account pages: they parse input; services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Role
from jiazheng.common.errors import ServiceError

PHONE_ATTRS = {
    "autocomplete": "tel",
    "inputmode": "numeric",
    "pattern": "[0-9+ -]*",
    "placeholder": _("11位手机号"),
}
CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "maxlength": "6",
    "placeholder": _("6位验证码"),
}


PHONE_LABEL = _("手机号")


def phone_field(label=PHONE_LABEL):
    return forms.CharField(
        label=label, max_length=20, widget=forms.TextInput(attrs=PHONE_ATTRS)
    )


def code_field():
    return forms.CharField(
        label=_("短信验证码"), max_length=6, widget=forms.TextInput(attrs=CODE_ATTRS)
    )


def password_field(label, autocomplete="new-password", required=True):
    return forms.CharField(
        label=label,
        strip=False,
        required=required,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def style_widgets(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class ServiceFormMixin:
    """Bootstrap classes on widgets; a ServiceError on its field or the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def add_service_error(self, error: ServiceError):
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))


class TwoPasswordsMixin:
    password_fields = ("new_password1", "new_password2")

    def clean(self):
        data = super().clean()
        first, second = (data.get(name) for name in self.password_fields)
        if first and second and first != second:
            self.add_error(self.password_fields[1], _("两次输入的密码不一致。"))
        return data


class SignupForm(TwoPasswordsMixin, ServiceFormMixin, forms.Form):
    KIND_FAMILY = "family"
    KIND_ENTERPRISE = "enterprise"

    password_fields = ("password1", "password2")

    kind = forms.ChoiceField(
        label=_("会员类型"),
        choices=[(KIND_FAMILY, _("家庭会员")), (KIND_ENTERPRISE, _("企业会员"))],
        widget=forms.RadioSelect,
        initial=KIND_FAMILY,
    )
    phone = phone_field()
    code = code_field()
    name = forms.CharField(label=_("姓名"), max_length=64)
    company_name = forms.CharField(label=_("企业名称"), max_length=128, required=False)
    credit_code = forms.CharField(
        label=_("统一社会信用代码（选填）"), max_length=24, required=False
    )
    password1 = password_field(_("密码"))
    password2 = password_field(_("确认密码"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == self.KIND_ENTERPRISE and not data.get("company_name"):
            self.add_error("company_name", _("企业会员请填写企业名称。"))
        return data


class PasswordLoginForm(ServiceFormMixin, forms.Form):
    phone = phone_field()
    password = password_field(_("密码"), autocomplete="current-password")


class CodeLoginForm(ServiceFormMixin, forms.Form):
    phone = phone_field()
    code = code_field()


class PasswordResetForm(TwoPasswordsMixin, ServiceFormMixin, forms.Form):
    phone = phone_field()
    code = code_field()
    new_password1 = password_field(_("新密码"))
    new_password2 = password_field(_("确认新密码"))


class ChangePasswordForm(TwoPasswordsMixin, ServiceFormMixin, forms.Form):
    old_password = password_field(_("当前密码"), autocomplete="current-password")
    new_password1 = password_field(_("新密码"))
    new_password2 = password_field(_("确认新密码"))


class ProfileForm(ServiceFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    email = forms.EmailField(label=_("电子邮箱"), required=False)


class VerificationForm(ServiceFormMixin, forms.Form):
    real_name = forms.CharField(label=_("真实姓名"), max_length=64)
    id_number = forms.CharField(
        label=_("身份证号"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    id_photo = forms.FileField(
        label=_("身份证人像面照片"),
        help_text=_("JPG、PNG 或 WebP 图片，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )


class RejectForm(ServiceFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("驳回原因"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UserFilterForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    role = forms.ChoiceField(
        label=_("角色"), choices=[("", _("全部角色")), *Role.choices], required=False
    )
    q = forms.CharField(label=_("手机号或姓名"), max_length=64, required=False)


class StaffAccountForm(ServiceFormMixin, forms.Form):
    phone = phone_field()
    name = forms.CharField(label=_("姓名"), max_length=64)
    role = forms.ChoiceField(label=_("角色"))
    password = password_field(_("初始密码（可不填，凭短信验证码登录）"), required=False)

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in roles]


class OrganizationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), required=False)
    q = forms.CharField(label=_("名称或信用代码"), max_length=64, required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("全部类型")), *kinds]
        style_widgets(self)

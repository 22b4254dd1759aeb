"""Forms of the card counter, the card settings and the statistics filters."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiazheng.cards.models import (
    BonusRule,
    Card,
    CardItem,
    CardLevel,
    CardOperator,
    CardPolicy,
    PaymentMethod,
)
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.money import parse_amount
from jiazheng.common.phone import normalize_mobile, validate_mobile

IN_METHODS = [
    (PaymentMethod.CASH, PaymentMethod.CASH.label),
    (PaymentMethod.BANK_CARD, PaymentMethod.BANK_CARD.label),
    (PaymentMethod.ONLINE, PaymentMethod.ONLINE.label),
]
OUT_METHODS = [
    (PaymentMethod.CASH, PaymentMethod.CASH.label),
    (PaymentMethod.BANK_CARD, _("退回银行卡")),
    (PaymentMethod.ONLINE, _("原路退回")),
]


class Styled:
    """Give every widget its Bootstrap class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class AmountField(forms.CharField):
    """A yuan amount typed by a person: parsed strictly, kept as Decimal."""

    def __init__(self, *args, allow_negative=False, **kwargs):
        self.allow_negative = allow_negative
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        return parse_amount(value, allow_negative=self.allow_negative, allow_zero=False)


class CardLookupForm(Styled, forms.Form):
    number = forms.CharField(
        label=_("卡号"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}
        ),
        help_text=_("输入卡号或扫描卡上二维码。"),
    )


class OpenCardForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("卡类型"), choices=Card.Kind.choices)
    phone = forms.CharField(
        label=_("客户手机号"),
        max_length=11,
        required=False,
        help_text=_("记名卡必填；新客户将自动建档。"),
    )
    name = forms.CharField(label=_("客户姓名"), max_length=64, required=False)
    holder_name = forms.CharField(label=_("持卡人"), max_length=64, required=False)
    level = forms.ModelChoiceField(
        label=_("级别"), queryset=CardLevel.objects.none(), required=False
    )
    pin = forms.CharField(
        label=_("支付密码（六位数字，可不设）"),
        required=False,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric"}),
    )
    initial_amount = AmountField(label=_("开卡充值金额"), required=False)
    method = forms.ChoiceField(label=_("支付方式"), choices=IN_METHODS)
    reference = forms.CharField(label=_("支付流水号"), max_length=64, required=False)

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = CardLevel.objects.filter(
            pk__in=[level.pk for level in levels]
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == Card.Kind.NAMED:
            phone = normalize_mobile(data.get("phone") or "")
            try:
                validate_mobile(phone)
            except ValidationError as exc:
                self.add_error("phone", exc)
            data["phone"] = phone
        return data


class EditCardForm(Styled, forms.Form):
    holder_name = forms.CharField(label=_("持卡人"), max_length=64, required=False)
    level = forms.ModelChoiceField(label=_("级别"), queryset=CardLevel.objects.none())
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(label=_("备注"), max_length=255, required=False)

    def __init__(self, *args, card, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].queryset = CardLevel.objects.filter(
            organization_id=card.organization_id
        )


class TopUpForm(Styled, forms.Form):
    amount = AmountField(label=_("充值金额（元）"))
    method = forms.ChoiceField(label=_("支付方式"), choices=IN_METHODS)
    reference = forms.CharField(label=_("支付流水号"), max_length=64, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)


class PayForm(Styled, forms.Form):
    """Card items with quantities, plus an optional other amount."""

    extra_amount = AmountField(label=_("其他金额（元，不打折）"), required=False)
    extra_note = forms.CharField(label=_("其他金额说明"), max_length=64, required=False)
    pin = forms.CharField(
        label=_("支付密码"),
        required=False,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric"}),
    )
    reference = forms.CharField(label=_("业务单号"), max_length=64, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"qty_{item.pk}"] = forms.IntegerField(
                label=item.name,
                min_value=0,
                max_value=99,
                required=False,
                initial=0,
            )
        self.style_fields()

    def item_fields(self):
        return [(item, self[f"qty_{item.pk}"]) for item in self.items]

    def quantities(self):
        return {
            item: self.cleaned_data.get(f"qty_{item.pk}") or 0 for item in self.items
        }

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not data.get("extra_amount")
            and not any(self.quantities().values())
        ):
            raise ValidationError(_("请选择消费项目或填写金额。"))
        return data


class ReasonForm(Styled, forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255)


class ReactivateForm(ReasonForm):
    expires_on = forms.DateField(
        label=_("新的有效期至"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("留空则按会员卡规则从今天起重新计算有效期。"),
    )


class CloseForm(ReasonForm):
    method = forms.ChoiceField(label=_("退款方式"), choices=OUT_METHODS)


class RefundForm(ReasonForm):
    amount = AmountField(label=_("退款金额（留空为全部可退）"), required=False)


class AdjustForm(ReasonForm):
    amount = AmountField(label=_("调整金额（负数为扣减）"), allow_negative=True)


class PackageForm(Styled, forms.Form):
    service_item = forms.ModelChoiceField(
        label=_("服务项目"), queryset=ServiceItem.objects.filter(is_active=True)
    )
    visits = forms.IntegerField(label=_("次数"), min_value=1, max_value=365)
    price = AmountField(label=_("价格（元，从卡内余额扣）"))
    valid_days = forms.IntegerField(
        label=_("有效天数"), min_value=1, max_value=3650, initial=365
    )


class PinForm(Styled, forms.Form):
    pin = forms.CharField(
        label=_("新支付密码（留空为取消）"),
        required=False,
        max_length=6,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric"}),
    )


class LevelForm(Styled, forms.ModelForm):
    class Meta:
        model = CardLevel
        fields = ["name", "discount_percent", "upgrade_at", "rank"]


class BonusRuleForm(Styled, forms.ModelForm):
    class Meta:
        model = BonusRule
        fields = ["name", "min_amount", "bonus", "is_active"]


class CardItemForm(Styled, forms.ModelForm):
    class Meta:
        model = CardItem
        fields = ["name", "service_item", "price", "is_active"]


class CardOperatorForm(Styled, forms.ModelForm):
    class Meta:
        model = CardOperator
        fields = ["name", "phone", "address", "is_active"]


class PolicyForm(Styled, forms.ModelForm):
    class Meta:
        model = CardPolicy
        fields = [
            "named_cap",
            "anonymous_cap",
            "anonymous_validity_years",
            "named_validity_years",
            "payment_order",
            "cooling_off_days",
            "approval_threshold",
            "pin_max_attempts",
            "pin_lock_minutes",
        ]


class DateRangeForm(Styled, forms.Form):
    start = forms.DateField(
        label=_("开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(label=_("卡号或姓名"), required=False, max_length=64)


class FeedbackForm(Styled, forms.Form):
    text = forms.CharField(
        label=_("意见反馈"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

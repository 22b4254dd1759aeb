"""Forms of the booking pages; the rules themselves live in services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization
from jiazheng.bookings.models import Booking, Order, Recurrence, ServiceMode
from jiazheng.bookings.services.reviews import REVIEW_TAGS
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.forms import RegionField
from jiazheng.customers.models import Customer, CustomerAddress

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"})
TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M")
STAR_CHOICES = [(n, "★" * n) for n in range(5, 0, -1)]


def _aware(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


class SlotFields(forms.Form):
    """Date and times of a slot; ``end_date`` only for multi-day items."""

    date = forms.DateField(label=_("服务日期"), widget=DATE)
    start_time = forms.TimeField(label=_("开始时间"), widget=TIME)
    end_time = forms.TimeField(label=_("结束时间"), widget=TIME)
    end_date = forms.DateField(
        label=_("结束日期"),
        required=False,
        widget=DATE,
        help_text=_("按天、按月计价的项目（如保姆、月嫂）填写；其他项目留空。"),
    )

    def slot(self):
        data = self.cleaned_data
        end_day = data.get("end_date") or data["date"]
        return _aware(data["date"], data["start_time"]), _aware(
            end_day, data["end_time"]
        )


class BookingForm(SlotFields):
    item = forms.ModelChoiceField(
        label=_("服务项目"),
        queryset=ServiceItem.objects.filter(is_active=True, category__is_active=True),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    organization = forms.ModelChoiceField(
        label=_("服务企业"),
        queryset=Organization.objects.filter(
            kind=Organization.Kind.PROVIDER, is_active=True
        ),
        required=False,
        empty_label=_("由平台为我安排"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    service_mode = forms.ChoiceField(
        label=_("服务方式"),
        choices=[("", _("不区分"))]
        + [(ServiceMode.DAY_TIME, _("白班")), (ServiceMode.LIVE_IN, _("住家"))],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("仅保姆、月嫂等按天或按月计价的项目可选。"),
    )
    area = forms.DecimalField(
        label=_("服务面积（平方米）"),
        required=False,
        min_value=1,
        max_value=2000,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        help_text=_("按平方米计价的项目填写。"),
    )
    address = forms.ModelChoiceField(
        label=_("服务地址"),
        queryset=None,
        required=False,
        empty_label=_("使用下面填写的新地址"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    new_region = RegionField(label=_("新地址所在区县"), required=False)
    new_detail = forms.CharField(
        label=_("新地址详细地址"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    recurrence = forms.ChoiceField(
        label=_("预约方式"),
        choices=Recurrence.choices,
        initial=Recurrence.NONE,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("周期服务将按同一时间、尽量由同一位服务人员上门。"),
    )
    notes = forms.CharField(
        label=_("备注"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )

    field_order = [
        "item",
        "organization",
        "date",
        "start_time",
        "end_time",
        "end_date",
        "service_mode",
        "area",
        "address",
        "new_region",
        "new_detail",
        "recurrence",
        "notes",
    ]

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer
        self.fields["address"].queryset = customer.addresses.select_related("region")

    def clean(self):
        data = super().clean()
        has_new = data.get("new_region") and (data.get("new_detail") or "").strip()
        if not data.get("address") and not has_new:
            raise forms.ValidationError(
                _("请选择已有地址，或填写新地址的区县和详细地址。")
            )
        return data

    def service_fields(self):
        """Return the keyword arguments of book_online / book_by_phone."""
        data = self.cleaned_data
        starts_at, ends_at = self.slot()
        new_address = None
        if not data.get("address"):
            new_address = {"region": data["new_region"], "detail": data["new_detail"]}
        return {
            "item": data["item"],
            "organization": data.get("organization"),
            "starts_at": starts_at,
            "ends_at": ends_at,
            "service_mode": data.get("service_mode") or "",
            "area": data.get("area"),
            "address": data.get("address"),
            "new_address": new_address,
            "recurrence": data["recurrence"],
            "notes": data.get("notes") or "",
        }


class BookAgainForm(SlotFields):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("原因"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class SurveyNoteForm(forms.Form):
    note = forms.CharField(
        label=_("需求调查记录"),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )


class ReviewForm(forms.Form):
    worker_stars = forms.TypedChoiceField(
        label=_("服务人员评分"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    provider_stars = forms.TypedChoiceField(
        label=_("服务企业评分"),
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    tags = forms.MultipleChoiceField(
        label=_("标签"),
        choices=[(str(tag), tag) for tag in REVIEW_TAGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    text = forms.CharField(
        label=_("评价内容"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}),
    )


class CallerForm(forms.Form):
    """The caller's record: found by number, or made in the same form."""

    phone = forms.CharField(
        label=_("来电号码"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel"}),
    )
    name = forms.CharField(
        label=_("客户称呼"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("新客户必填；老客户以档案为准。"),
    )
    kind = forms.ChoiceField(
        label=_("客户类型"),
        choices=Customer.Kind.choices,
        initial=Customer.Kind.FAMILY,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label=_("订单号或客户"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + Order.Status.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date = forms.DateField(label=_("服务日期"), required=False, widget=DATE)
    channel = forms.ChoiceField(
        label=_("渠道"),
        required=False,
        choices=[("", _("全部"))] + Booking.Channel.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class CallInForm(BookingForm):
    """The call-in screen: the caller's number and name, then the booking."""

    phone = CallerForm.base_fields["phone"]
    name = CallerForm.base_fields["name"]
    kind = CallerForm.base_fields["kind"]

    field_order = ["phone", "name", "kind", *BookingForm.field_order]

    def __init__(self, *args, customer=None, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)
        self.customer = customer
        addresses = (
            customer.addresses.select_related("region")
            if customer is not None
            else CustomerAddress.objects.none()
        )
        self.fields["address"].queryset = addresses

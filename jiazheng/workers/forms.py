"""Forms of the workers' console pages: they parse input, services decide."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import ServiceItem
from jiazheng.catalog.queries import active_items, in_catalogue_order
from jiazheng.common.forms import RegionField, RegionSelect
from jiazheng.common.models import Region
from jiazheng.common.regions import selectable_regions
from jiazheng.hr.models import Employee
from jiazheng.workers.models import (
    Certificate,
    CheckResult,
    Leave,
    ServiceMode,
    Weekday,
)
from jiazheng.workers.queries import HealthStatus

DATE_INPUT = {"type": "date"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class StyledFormMixin:
    """Give widgets Bootstrap classes unless they bring their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, RegionSelect | forms.CheckboxSelectMultiple):
                continue
            if widget.attrs.get("class"):
                continue
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.category.name} · {obj.name}"


def skill_items():
    return in_catalogue_order(active_items())


class WorkerForm(StyledFormMixin, forms.Form):
    """Create or edit a worker; ``organizations`` are the ones the user manages."""

    organization = forms.ModelChoiceField(
        label=_("所属组织"), queryset=None, empty_label=None
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        help_text=_("服务人员用此手机号登录（短信验证码）。"),
    )
    gender = forms.ChoiceField(
        label=_("性别"),
        choices=[("", _("未填写"))] + list(Employee.Gender.choices),
        required=False,
    )
    service_mode = forms.ChoiceField(label=_("服务方式"), choices=ServiceMode.choices)
    years_experience = forms.IntegerField(
        label=_("从业年限"), min_value=0, max_value=60, initial=0
    )
    skills = SkillChoiceField(
        label=_("服务技能"),
        queryset=ServiceItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("服务区域"),
        queryset=Region.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    extra_district = RegionField(
        label=_("添加其他服务区县"),
        required=False,
    )
    home_latitude = forms.DecimalField(
        label=_("住址纬度"),
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        required=False,
    )
    home_longitude = forms.DecimalField(
        label=_("住址经度"),
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        help_text=_("用于按距离推荐派工，可留空。"),
    )

    def __init__(self, *args, organizations=None, worker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.worker = worker
        self.fields["skills"].queryset = skill_items()
        if worker is not None:
            del self.fields["organization"]
            del self.fields["phone"]
            organization = worker.organization
        else:
            self.fields["organization"].queryset = organizations
            organization = organizations.first() if organizations is not None else None
            if organizations is not None and organizations.count() == 1:
                self.fields["organization"].widget = forms.HiddenInput()
                self.fields["organization"].initial = organization
        self.fields["districts"].queryset = self._district_choices(organization, worker)

    @staticmethod
    def _district_choices(organization, worker):
        """The districts of the organisation's city, plus the ones served now."""
        codes = set()
        region = getattr(organization, "region", None)
        if region is not None and region.parent_id:
            codes |= set(
                Region.objects.filter(parent_id=region.parent_id).values_list(
                    "code", flat=True
                )
            )
        if worker is not None:
            codes |= set(worker.districts.values_list("code", flat=True))
        return selectable_regions().filter(code__in=codes).order_by("code")

    def clean_phone(self):
        return re.sub(r"[\s\-]", "", self.cleaned_data["phone"])

    def service_arguments(self):
        """Return the keyword arguments of create_worker / update_worker."""
        data = self.cleaned_data
        districts = list(data.get("districts") or [])
        if data.get("extra_district"):
            districts.append(data["extra_district"])
        arguments = {
            "name": data["name"],
            "gender": data.get("gender") or "",
            "service_mode": data["service_mode"],
            "years_experience": data["years_experience"],
            "skills": list(data.get("skills") or []),
            "districts": districts,
            "home_latitude": data.get("home_latitude"),
            "home_longitude": data.get("home_longitude"),
        }
        if self.worker is None:
            arguments["organization"] = data["organization"]
            arguments["phone"] = data["phone"]
        return arguments

    @classmethod
    def initial_for(cls, worker):
        return {
            "name": worker.employee.name,
            "gender": worker.employee.gender,
            "service_mode": worker.service_mode,
            "years_experience": worker.years_experience,
            "skills": list(worker.skills.all()),
            "districts": list(worker.districts.all()),
            "home_latitude": worker.home_latitude,
            "home_longitude": worker.home_longitude,
        }


class WorkerFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或手机号"), required=False, max_length=64)
    skill = forms.ModelChoiceField(
        label=_("服务技能"),
        queryset=ServiceItem.objects.none(),
        required=False,
        empty_label=_("全部技能"),
    )
    district = forms.ModelChoiceField(
        label=_("服务区域"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部区域"),
    )
    service_mode = forms.ChoiceField(
        label=_("服务方式"),
        choices=[("", _("全部方式"))] + list(ServiceMode.choices),
        required=False,
    )
    health = forms.ChoiceField(
        label=_("健康证"),
        choices=[
            ("", _("全部")),
            (HealthStatus.VALID, _("有效")),
            (HealthStatus.EXPIRING, _("30天内到期")),
            (HealthStatus.EXPIRED, _("已过期")),
            (HealthStatus.MISSING, _("未登记")),
        ],
        required=False,
    )
    active = forms.ChoiceField(
        label=_("接单状态"),
        choices=[("", _("全部")), ("yes", _("可接单")), ("no", _("已停止接单"))],
        required=False,
    )

    def __init__(self, *args, district_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skill_items()
        self.fields["district"].queryset = (
            district_choices if district_choices is not None else Region.objects.none()
        )


class CertificateForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("证书类型"), choices=Certificate.Kind.choices)
    name = forms.CharField(
        label=_("证书名称"),
        max_length=64,
        required=False,
        help_text=_("类型为“其他”时请填写。"),
    )
    number = forms.CharField(label=_("证书编号"), max_length=64)
    issued_by = forms.CharField(label=_("发证机关"), max_length=128, required=False)
    issued_on = forms.DateField(
        label=_("发证日期"), required=False, widget=forms.DateInput(DATE_INPUT)
    )
    expires_on = forms.DateField(
        label=_("有效期至"),
        required=False,
        widget=forms.DateInput(DATE_INPUT),
        help_text=_("长期有效的证书可留空。"),
    )
    scan = forms.FileField(
        label=_("证书扫描件"),
        required=False,
        help_text=_("PDF 或 JPG、PNG、WebP 图片。"),
    )


class HealthCertificateForm(StyledFormMixin, forms.Form):
    number = forms.CharField(label=_("证件编号"), max_length=64)
    issued_by = forms.CharField(label=_("发证机构"), max_length=128, required=False)
    issued_on = forms.DateField(label=_("发证日期"), widget=forms.DateInput(DATE_INPUT))
    expires_on = forms.DateField(
        label=_("有效期至"), widget=forms.DateInput(DATE_INPUT)
    )
    scan = forms.FileField(
        label=_("健康证扫描件"),
        required=False,
        help_text=_("PDF 或 JPG、PNG、WebP 图片。"),
    )


class BackgroundCheckForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=CheckResult.choices)
    checked_on = forms.DateField(
        label=_("核查日期"), widget=forms.DateInput(DATE_INPUT)
    )
    checked_by = forms.CharField(label=_("核查机构"), max_length=128, required=False)
    note = forms.CharField(
        label=_("说明"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TrialWorkForm(StyledFormMixin, forms.Form):
    result = forms.ChoiceField(label=_("结果"), choices=CheckResult.choices)
    date = forms.DateField(label=_("试工日期"), widget=forms.DateInput(DATE_INPUT))
    item = forms.ModelChoiceField(
        label=_("试工项目"),
        queryset=ServiceItem.objects.none(),
        required=False,
        empty_label=_("不限"),
    )
    note = forms.CharField(
        label=_("评语"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = skill_items()


class LeaveForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Leave.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("开始时间"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
        ),
    )
    ends_at = forms.DateTimeField(
        label=_("结束时间"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_FORMAT
        ),
    )
    reason = forms.CharField(label=_("事由"), max_length=255, required=False)


SPAN_RE = re.compile(r"^(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})$")


class AvailabilityForm(StyledFormMixin, forms.Form):
    """One text box per weekday: "08:00-12:00, 13:00-18:00", blank = day off."""

    def __init__(self, *args, windows=(), **kwargs):
        super().__init__(*args, **kwargs)
        by_day = {}
        for window in windows:
            end = (
                "24:00"
                if window.end_time.hour == window.end_time.minute == 0
                else (f"{window.end_time:%H:%M}")
            )
            by_day.setdefault(window.weekday, []).append(
                f"{window.start_time:%H:%M}-{end}"
            )
        for day in Weekday:
            self.fields[f"day_{day.value}"] = forms.CharField(
                label=day.label,
                required=False,
                max_length=200,
                initial="，".join(by_day.get(day.value, [])),
                widget=forms.TextInput(
                    attrs={
                        "class": "form-control",
                        "placeholder": "08:00-12:00，13:00-18:00",
                    }
                ),
            )
        self.fields["day_6"].help_text = _(
            "每天可填多个时段，用逗号分隔；留空表示当天休息；跨午夜请写到 24:00，次日从 00:00 开始。"
        )

    def clean(self):
        cleaned = super().clean()
        windows = []
        for day in Weekday:
            name = f"day_{day.value}"
            text = cleaned.get(name) or ""
            for part in re.split(r"[,，;；、\s]+(?=\d)", text.strip()):
                part = part.strip()
                if not part:
                    continue
                match = SPAN_RE.match(part)
                if not match:
                    self.add_error(
                        name,
                        _("“%(part)s”格式不正确，请按 08:00-18:00 填写。")
                        % {"part": part},
                    )
                    break
                windows.append(
                    {
                        "weekday": day.value,
                        "start_time": match.group(1).zfill(5),
                        "end_time": match.group(2).zfill(5),
                    }
                )
        cleaned["windows"] = windows
        return cleaned

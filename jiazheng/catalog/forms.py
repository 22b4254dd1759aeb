"""Forms of the catalogue console; the rules themselves live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import Category, Unit
from jiazheng.catalog.queries import categories_in_catalogue_order


class BootstrapFieldsMixin:
    """Give every widget the Bootstrap class its kind needs."""

    def style_fields(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


class GroupedCategoryChoiceField(forms.ModelChoiceField):
    """Category choices labelled with their group: 家政服务 / 保姆."""

    def label_from_instance(self, obj):
        if obj.parent_id is None:
            return obj.name
        return f"{obj.parent.name} / {obj.name}"


class CategoryForm(BootstrapFieldsMixin, forms.Form):
    code = forms.SlugField(
        label=_("代码"),
        max_length=64,
        help_text=_(
            "小写英文字母、数字和连字符，创建后不能修改，例如 domestic-nanny。"
        ),
    )
    name = forms.CharField(label=_("名称"), max_length=64)
    parent = forms.ModelChoiceField(
        label=_("上级分类"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("（无，作为一级分类）"),
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sort_order = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=2_147_483_647, initial=0
    )
    is_hot = forms.BooleanField(label=_("热门"), required=False)

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Category.objects.filter(parent__isnull=True).order_by(
            "sort_order", "code"
        )
        if editing is not None:
            parents = parents.exclude(pk=editing.pk)
            # The code is the stable key other apps and URLs use.
            del self.fields["code"]
        self.fields["parent"].queryset = parents
        self.style_fields()


class ServiceItemForm(BootstrapFieldsMixin, forms.Form):
    category = GroupedCategoryChoiceField(
        label=_("分类"), queryset=Category.objects.none(), empty_label=None
    )
    code = forms.SlugField(
        label=_("代码"),
        max_length=64,
        help_text=_("小写英文字母、数字和连字符，创建后不能修改，例如 hourly-worker。"),
    )
    name = forms.CharField(label=_("名称"), max_length=64)
    unit = forms.ChoiceField(label=_("计价单位"), choices=Unit.choices)
    guidance_price_min = forms.DecimalField(
        label=_("指导价下限（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    guidance_price_max = forms.DecimalField(
        label=_("指导价上限（元）"), max_digits=12, decimal_places=2, min_value=0
    )
    description = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    sort_order = forms.IntegerField(
        label=_("排序"), min_value=0, max_value=2_147_483_647, initial=0
    )

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories_in_catalogue_order()
        if editing is not None:
            del self.fields["code"]
        self.style_fields()

    def clean(self):
        cleaned = super().clean()
        low = cleaned.get("guidance_price_min")
        high = cleaned.get("guidance_price_max")
        if low is not None and high is not None and high < low:
            self.add_error("guidance_price_max", _("指导价上限不能低于下限。"))
        return cleaned


class ItemFilterForm(BootstrapFieldsMixin, forms.Form):
    category = forms.CharField(label=_("分类"), required=False, max_length=64)
    q = forms.CharField(label=_("搜索"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[
            ("", _("全部")),
            ("active", _("启用")),
            ("inactive", _("已停用")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class HolidayForm(BootstrapFieldsMixin, forms.Form):
    date = forms.DateField(
        label=_("日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    name = forms.CharField(
        label=_("节日名称"), max_length=64, help_text=_("例如 春节、国庆节。")
    )
    is_workday = forms.BooleanField(
        label=_("调休上班日"),
        required=False,
        help_text=_("勾选表示这天调休上班；不勾选表示法定节假日放假。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class PricingRuleForm(BootstrapFieldsMixin, forms.Form):
    """Field types only; ranges and decimals are the service's to check."""

    holiday_surcharge_percent = forms.DecimalField(
        label=_("法定节假日加价（%）"),
        help_text=_("法定节假日放假当天在服务价格上加收的比例，0–300，最多两位小数。"),
    )
    weekend_surcharge_percent = forms.DecimalField(
        label=_("周末加价（%）"),
        help_text=_("普通周末（不含调休上班日）加收的比例，0–300，最多两位小数。"),
    )
    cancellation_free_hours = forms.IntegerField(
        label=_("免费取消时限（小时）"),
        help_text=_("距服务开始不少于这么多小时取消订单不收费，0–720。"),
    )
    auto_confirm_hours = forms.IntegerField(
        label=_("自动确认完成（小时）"),
        help_text=_("服务完成后客户未确认，超过这么多小时自动确认，1–720。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

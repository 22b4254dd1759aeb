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

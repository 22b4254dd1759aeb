"""Forms of the franchise, showcase, fee and job pages.

Forms parse and check input; the services decide and write.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import Category
from jiazheng.catalog.queries import active_items
from jiazheng.common.credit_code import normalize_credit_code
from jiazheng.common.forms import RegionField, RegionSelect
from jiazheng.common.html import reject_markup
from jiazheng.common.models import Region
from jiazheng.common.phone import normalize_mobile, validate_mobile
from jiazheng.common.regions import selectable_regions
from jiazheng.providers.models import (
    ApplicationDocument,
    FranchiseApplication,
    JobPosting,
    ProviderProfile,
    ProviderServiceItem,
)

MAX_QUALIFICATION_FILES = 10


class StyledFormMixin:
    """Give widgets Bootstrap classes unless they bring their own."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.MultiWidget | RegionSelect):
                continue
            if widget.attrs.get("class"):
                continue
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
            else:
                widget.attrs["class"] = "form-control"


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        if obj.parent_id:
            return f"{obj.parent.name} · {obj.name}"
        return obj.name


def active_categories():
    return (
        Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__sort_order", "sort_order", "code")
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each one is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            files = [super(MultipleFileField, self).clean(d, initial) for d in data]
        else:
            files = [super().clean(data, initial)] if data else []
        files = [f for f in files if f]
        if len(files) > MAX_QUALIFICATION_FILES:
            raise forms.ValidationError(
                _("资质证明最多上传 %(limit)s 个文件。"),
                code="too_many_files",
                params={"limit": MAX_QUALIFICATION_FILES},
            )
        return files


class FranchiseApplicationForm(StyledFormMixin, forms.ModelForm):
    """The enterprise's application, with its licence and qualifications."""

    region = RegionField(label=_("所在区县"))
    categories = CategoryChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    business_licence = forms.FileField(
        label=_("营业执照"),
        help_text=_("PDF 或图片，不超过 10 MB。"),
    )
    qualifications = MultipleFileField(
        label=_("资质证明"),
        required=False,
        help_text=_("可选，可多选；PDF 或图片，每个不超过 10 MB。"),
    )

    class Meta:
        model = FranchiseApplication
        fields = [
            "company_name",
            "credit_code",
            "legal_representative",
            "contact_phone",
            "region",
            "address",
            "latitude",
            "longitude",
            "categories",
            "introduction",
        ]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "credit_code": _("18位，见营业执照。"),
            "latitude": _("可选，用于地图显示。"),
            "longitude": _("可选，用于地图显示。"),
            "introduction": _("纯文本，不超过2000字。"),
        }

    def __init__(self, *args, licence_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()
        self.fields["business_licence"].required = licence_required
        if not licence_required:
            self.fields["business_licence"].help_text = _(
                "已上传过营业执照；如需更换请重新选择。"
            )

    def validate_unique(self):
        # One open application per organisation and one approval per credit
        # code are the service's rules, reported with its own messages.
        pass

    def clean_credit_code(self):
        return normalize_credit_code(self.cleaned_data.get("credit_code"))

    def documents(self):
        """Return the uploads as ``(kind, file)`` pairs for the service."""
        documents = []
        licence = self.cleaned_data.get("business_licence")
        if licence:
            documents.append((ApplicationDocument.Kind.BUSINESS_LICENCE, licence))
        for upload in self.cleaned_data.get("qualifications") or []:
            documents.append((ApplicationDocument.Kind.QUALIFICATION, upload))
        return documents

    def data_for_service(self):
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["categories"] = list(self.cleaned_data.get("categories") or [])
        return data


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("未通过原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_markup],
        help_text=_("申请人会在短信和申请记录中看到这段话。"),
    )


class ProviderFilterForm(StyledFormMixin, forms.Form):
    """The filters of the public provider list (all optional)."""

    q = forms.CharField(label=_("关键词"), required=False, max_length=64)
    category = forms.ModelChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("全部类别"),
    )
    district = forms.ModelChoiceField(
        label=_("区县"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部区县"),
    )

    def __init__(self, *args, district_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.fields["district"].queryset = (
            district_choices
            if district_choices is not None
            else selectable_regions().order_by("code")
        )

    def filters(self):
        """Return the valid filters as keyword arguments (bad ones are ignored)."""
        if not self.is_valid():
            return {}
        return {
            "q": self.cleaned_data.get("q") or None,
            "category": self.cleaned_data.get("category"),
            "district": self.cleaned_data.get("district"),
        }


class ProviderItemForm(StyledFormMixin, forms.ModelForm):
    """A fee standard; on an existing one the item is fixed."""

    class Meta:
        model = ProviderServiceItem
        fields = ["item", "price", "description", "is_published"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        items = active_items().order_by("category__sort_order", "sort_order", "code")
        if self.instance.pk:
            self.fields["item"].disabled = True
            self.fields["item"].queryset = items.model.objects.filter(
                pk=self.instance.item_id
            )
        else:
            if organization is not None:
                items = items.exclude(provider_items__organization=organization)
            self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = self._item_label

    @staticmethod
    def _item_label(item):
        return _("%(category)s · %(name)s（%(unit)s，指导价 %(min)s–%(max)s 元）") % {
            "category": item.category.name,
            "name": item.name,
            "unit": item.get_unit_display(),
            "min": item.guidance_price_min,
            "max": item.guidance_price_max,
        }

    def validate_unique(self):
        # The service reports a duplicate with its own message.
        pass


class JobPostingForm(StyledFormMixin, forms.ModelForm):
    region = RegionField(label=_("工作区县"))

    class Meta:
        model = JobPosting
        fields = [
            "title",
            "category",
            "region",
            "headcount",
            "salary_min",
            "salary_max",
            "description",
            "requirements",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.fields["category"].empty_label = _("不限")

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and high < low:
            self.add_error("salary_max", _("月薪上限不能低于下限。"))
        return cleaned

    def data_for_service(self):
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}


class JobApplicationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64, validators=[reject_markup])
    phone = forms.CharField(label=_("手机号"), max_length=20)
    message = forms.CharField(
        label=_("留言"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_markup],
    )

    def clean_phone(self):
        phone = normalize_mobile(self.cleaned_data.get("phone"))
        validate_mobile(phone)
        return phone


class ProviderProfileForm(StyledFormMixin, forms.ModelForm):
    """A provider's showcase; districts are offered from its own city."""

    categories = CategoryChoiceField(
        label=_("服务类别"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ProviderProfile
        fields = ["introduction", "categories", "districts", "founded_year", "logo"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 8}),
            "districts": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "introduction": _("可使用段落、加粗、列表和链接，其余格式会被去掉。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = active_categories()
        region = self.instance.organization.region
        city_id = region.parent_id if region is not None else None
        districts = selectable_regions()
        if city_id:
            districts = districts.filter(parent_id=city_id)
        selected = list(self.instance.districts.values_list("pk", flat=True))
        self.fields["districts"].queryset = (
            districts | Region.objects.filter(pk__in=selected)
        ).order_by("code")
        self.fields["logo"].help_text = _("可选，JPG 或 PNG 图片，不超过 2 MB。")

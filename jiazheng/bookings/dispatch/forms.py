"""Forms of the dispatch pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.catalog.models import ServiceItem
from jiazheng.common.models import Region

BEIJING = "110100"


def district_choices():
    return Region.objects.filter(level=Region.Level.DISTRICT, parent_id=BEIJING)


class BoardFilterForm(forms.Form):
    date = forms.DateField(
        label=_("服务日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.ModelChoiceField(
        label=_("区县"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部区县"),
    )
    item = forms.ModelChoiceField(
        label=_("服务项目"),
        queryset=ServiceItem.objects.filter(is_active=True),
        required=False,
        empty_label=_("全部项目"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_choices()
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ModelChoiceField) else ""
            field.widget.attrs["class"] = css or "form-control"

    def filters(self):
        """Return (date, district, item): today and no filter when invalid."""
        if self.is_valid():
            data = self.cleaned_data
            return data["date"], data["district"], data["item"]
        return timezone.localdate(), None, None


class DayDispatchForm(forms.Form):
    date = forms.DateField(
        label=_("服务日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    district = forms.ModelChoiceField(
        label=_("区县"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("全部区县"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = district_choices()
        self.fields["date"].widget.attrs["class"] = "form-control"
        self.fields["district"].widget.attrs["class"] = "form-select"


class ReplacementForm(forms.Form):
    reason = forms.CharField(
        label=_("换人原因"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

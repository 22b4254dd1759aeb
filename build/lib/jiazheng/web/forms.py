"""Forms of the pages web serves itself."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.audit.models import Outcome


class DateInput(forms.DateInput):
    input_type = "date"


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes and mark fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = (
                "form-select"
                if isinstance(field.widget, forms.Select)
                else ("form-control")
            )
            if self.is_bound and name in self.errors:
                css += " is-invalid"
                field.widget.attrs["aria-describedby"] = f"id_{name}_error"
            field.widget.attrs["class"] = css


class SystemLogFilterForm(BootstrapFormMixin, forms.Form):
    """The filters of the system log page and its export (all optional)."""

    user_query = forms.CharField(
        label=_("用户"),
        required=False,
        max_length=64,
        help_text=_("姓名、记录的用户名或完整手机号"),
    )
    module = forms.CharField(
        label=_("模块"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"list": "module-choices"}),
    )
    function = forms.CharField(label=_("功能"), required=False, max_length=128)
    outcome = forms.ChoiceField(
        label=_("结果"),
        required=False,
        choices=[("", _("全部")), *Outcome.choices],
    )
    ip = forms.GenericIPAddressField(label=_("IP地址"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return cleaned

    def filters(self):
        """Return the keyword arguments for audit.queries.filter_entries().

        Fields with an error are left out (the form shows the error); the
        valid ones still apply.
        """
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            name: data.get(name) or None
            for name in (
                "user_query",
                "module",
                "function",
                "outcome",
                "ip",
                "date_from",
                "date_to",
            )
        }

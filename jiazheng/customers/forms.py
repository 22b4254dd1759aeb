"""Console forms for customers, their addresses and contacts.

Forms only parse input; the services validate and save, and their
ServiceError lands on the field it names (``add_service_error``).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.forms import ServiceFormMixin
from jiazheng.accounts.models import Organization
from jiazheng.common.forms import RegionField
from jiazheng.customers.models import Customer, CustomerTag


class CustomerFilterForm(ServiceFormMixin, forms.Form):
    q = forms.CharField(
        label=_("姓名或手机号"),
        required=False,
        max_length=64,
        help_text=_("手机号可输入完整11位或后4位。"),
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        required=False,
        choices=[("", _("全部类型")), *Customer.Kind.choices],
    )
    tag = forms.ModelChoiceField(
        label=_("标签"),
        required=False,
        queryset=CustomerTag.objects.all(),
        empty_label=_("全部标签"),
    )

    def filters(self):
        """Return the search arguments; an invalid form filters nothing."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"query": data["q"], "kind": data["kind"], "tag": data["tag"]}


class CustomerForm(ServiceFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=Customer.Kind.choices)
    name = forms.CharField(label=_("名称"), max_length=64)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    enterprise = forms.ModelChoiceField(
        label=_("企业会员"),
        required=False,
        queryset=Organization.objects.filter(kind=Organization.Kind.ENTERPRISE),
    )
    tags = forms.CharField(
        label=_("标签"),
        required=False,
        max_length=400,
        help_text=_("多个标签用逗号分隔。"),
    )
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def initial_for(cls, customer):
        return {
            "kind": customer.kind,
            "name": customer.name,
            "phone": customer.phone,
            "enterprise": customer.enterprise,
            "tags": ", ".join(tag.name for tag in customer.tags.all()),
            "note": customer.note,
        }


class AddressForm(ServiceFormMixin, forms.Form):
    label = forms.CharField(
        label=_("名称"),
        required=False,
        max_length=32,
        help_text=_("如：家、公司、父母家。"),
    )
    region = RegionField()
    detail = forms.CharField(label=_("详细地址"), max_length=255)
    latitude = forms.DecimalField(
        label=_("纬度"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("经度"), required=False, max_digits=9, decimal_places=6
    )
    is_default = forms.BooleanField(label=_("设为默认地址"), required=False)

    @classmethod
    def initial_for(cls, address):
        return {
            "label": address.label,
            "region": address.region,
            "detail": address.detail,
            "latitude": address.latitude,
            "longitude": address.longitude,
            "is_default": address.is_default,
        }


class ContactForm(ServiceFormMixin, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    relation = forms.CharField(
        label=_("关系"), required=False, max_length=32, help_text=_("如：母亲、保姆。")
    )

    @classmethod
    def initial_for(cls, contact):
        return {
            "name": contact.name,
            "phone": contact.phone,
            "relation": contact.relation,
        }

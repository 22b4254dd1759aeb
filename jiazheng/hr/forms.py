"""Console forms for personnel records; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.forms import ServiceFormMixin
from jiazheng.accounts.models import Organization
from jiazheng.hr.access import employer_organizations, hr_scope
from jiazheng.hr.models import ETHNICITIES, Department, Employee, Position

AGE_MIN, AGE_MAX = 16, 100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class _OrganizationFieldsMixin:
    """Limit organisation, department and position choices to the user's."""

    def limit_choices(self, user):
        organizations = employer_organizations(user)
        if "organization" in self.fields:
            field = self.fields["organization"]
            field.queryset = organizations
            if organizations.count() == 1:
                field.initial = organizations.first()
        several = organizations.count() > 1
        for name, model in (("department", Department), ("position", Position)):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = hr_scope(
                    model.objects.select_related("organization"), user
                )
                if several:
                    field.label_from_instance = lambda row: (
                        f"{row.organization.name} · {row.name}"
                    )
        if "parent" in self.fields:
            self.fields["parent"].queryset = hr_scope(Department.objects.all(), user)


class EmployeeFilterForm(_OrganizationFieldsMixin, ServiceFormMixin, forms.Form):
    q = forms.CharField(label=_("姓名或手机号"), required=False, max_length=64)
    organization = forms.ModelChoiceField(
        label=_("所属组织"), required=False, queryset=Organization.objects.none()
    )
    department = forms.ModelChoiceField(
        label=_("部门"), required=False, queryset=Department.objects.none()
    )
    position = forms.ModelChoiceField(
        label=_("岗位"), required=False, queryset=Position.objects.none()
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *Employee.Status.choices],
    )
    ethnicity = forms.ChoiceField(
        label=_("民族"), required=False, choices=[("", _("全部")), *ETHNICITIES]
    )
    native_place = forms.CharField(label=_("籍贯"), required=False, max_length=64)
    age_min = forms.IntegerField(
        label=_("最小年龄"), required=False, min_value=AGE_MIN, max_value=AGE_MAX
    )
    age_max = forms.IntegerField(
        label=_("最大年龄"), required=False, min_value=AGE_MIN, max_value=AGE_MAX
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user)
        if employer_organizations(user).count() <= 1:
            del self.fields["organization"]

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", _("最大年龄不能小于最小年龄。"))
        return data

    def filters(self):
        """Return the filter arguments; an invalid form filters nothing."""
        if not self.is_valid():
            return {}, None
        data = dict(self.cleaned_data)
        organization = data.pop("organization", None)
        data["query"] = data.pop("q")
        return data, organization


class EmployeeForm(_OrganizationFieldsMixin, ServiceFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("所属组织"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    id_number = forms.CharField(
        label=_("身份证号"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("填写后自动识别出生日期和性别；加密保存。"),
    )
    gender = forms.ChoiceField(
        label=_("性别"), required=False, choices=[("", "—"), *Employee.Gender.choices]
    )
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DateInput)
    ethnicity = forms.ChoiceField(
        label=_("民族"), required=False, choices=[("", "—"), *ETHNICITIES]
    )
    native_place = forms.CharField(
        label=_("籍贯"),
        required=False,
        max_length=64,
        help_text=_("如：四川省、河南省周口市。"),
    )
    department = forms.ModelChoiceField(
        label=_("部门"), required=False, queryset=Department.objects.none()
    )
    position = forms.ModelChoiceField(
        label=_("岗位"), required=False, queryset=Position.objects.none()
    )
    hired_on = forms.DateField(label=_("入职日期"), required=False, widget=DateInput)
    is_worker = forms.BooleanField(label=_("服务人员"), required=False)
    note = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user)
        if employee is not None:
            # Organisation, department and position change elsewhere: the
            # first never, the others through a recorded position change.
            for name in ("organization", "department", "position"):
                del self.fields[name]
            self.fields["id_number"].help_text = _(
                "已保存：%(masked)s。留空则不修改。"
            ) % {"masked": employee.id_number_masked or "—"}

    @classmethod
    def initial_for(cls, employee):
        return {
            "name": employee.name,
            "phone": employee.phone,
            "gender": employee.gender,
            "birth_date": employee.birth_date,
            "ethnicity": employee.ethnicity,
            "native_place": employee.native_place,
            "hired_on": employee.hired_on,
            "is_worker": employee.is_worker,
            "note": employee.note,
        }


class PositionChangeForm(_OrganizationFieldsMixin, ServiceFormMixin, forms.Form):
    department = forms.ModelChoiceField(
        label=_("新部门"), required=False, queryset=Department.objects.none()
    )
    position = forms.ModelChoiceField(
        label=_("新岗位"), required=False, queryset=Position.objects.none()
    )
    changed_on = forms.DateField(label=_("变动日期"), widget=DateInput)
    note = forms.CharField(label=_("说明"), required=False, max_length=255)

    def __init__(self, *args, employee, **kwargs):
        super().__init__(*args, **kwargs)
        organization = employee.organization
        self.fields["department"].queryset = Department.objects.filter(
            organization=organization
        )
        self.fields["position"].queryset = Position.objects.filter(
            organization=organization
        )


class LeavingForm(ServiceFormMixin, forms.Form):
    left_on = forms.DateField(label=_("离职日期"), widget=DateInput)
    reason = forms.CharField(label=_("离职原因"), required=False, max_length=255)


class DepartmentForm(_OrganizationFieldsMixin, ServiceFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("所属组织"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("部门名称"), max_length=64)
    parent = forms.ModelChoiceField(
        label=_("上级部门"), required=False, queryset=Department.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user)


class PositionForm(_OrganizationFieldsMixin, ServiceFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("所属组织"), queryset=Organization.objects.none()
    )
    name = forms.CharField(label=_("岗位名称"), max_length=64)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_choices(user)

"""Form fields shared by every app: the cascading region picker."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiazheng.common import regions


class RegionSelect(forms.Widget):
    """Three selects, province > city > district, filled in by htmx.

    Choosing a province loads its cities, choosing a city loads its
    districts (GET regions:children). Only the district select carries the
    field's name; the other two are tied to no form, so they never reach the
    form's data. Without JavaScript the current choice still renders and
    submits.
    """

    template_name = "common/widgets/region_select.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("class", "form-select")
        code = value.pk if hasattr(value, "pk") else value
        province, city, district = regions.lineage(regions.get_region(code))
        context["widget"].update(
            {
                "provinces": list(regions.children_of(None)),
                "cities": regions.options_under(province.code) if province else [],
                "districts": regions.options_under(city.code) if city else [],
                "province": province,
                "city": city,
                "district": district,
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def id_for_label(self, id_):
        return f"{id_}_province" if id_ else id_


class RegionField(forms.ModelChoiceField):
    """Choose a district-level region; the submitted value is its code.

    Regions without a lower level (东莞市, 香港) are accepted as their own
    district.
    """

    widget = RegionSelect
    default_error_messages = {
        "invalid_choice": _("请选择有效的区县。"),
        "required": _("请选择所在省、市、区县。"),
    }

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", _("所在地区"))
        # A model form passes every region of the foreign key; only the
        # lowest level is a valid address whatever the caller passes.
        selectable = regions.selectable_regions()
        if queryset is not None:
            selectable = queryset & selectable
        super().__init__(queryset=selectable, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
        return super().to_python(value)

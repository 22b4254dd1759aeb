"""Factories for departments, positions and employees."""

import datetime

import factory

from jiazheng.accounts.tests.factories import OrganizationFactory
from jiazheng.common import crypto
from jiazheng.common.idcard import check_character, mask_id_number
from jiazheng.hr.models import Department, Employee, Position


def make_id_number(n, *, birth=datetime.date(1985, 6, 15), female=True):
    """Return a valid 18-digit ID number of Chaoyang, different for each ``n``."""
    sequence = (n % 50) * 2 + (0 if female else 1)
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"服务部{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"保洁员{n}")


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An active employee; pass ``id_number="…"`` to store one encrypted."""

    class Meta:
        model = Employee
        exclude = ("id_number",)

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"张秀兰{n}")
    gender = Employee.Gender.FEMALE
    birth_date = datetime.date(1985, 6, 15)
    phone = factory.Sequence(lambda n: f"136300{n:05d}")
    ethnicity = "01"
    native_place = "四川省"
    hired_on = datetime.date(2024, 3, 1)
    status = Employee.Status.ACTIVE
    id_number = None
    id_number_encrypted = factory.LazyAttribute(
        lambda o: crypto.encrypt(o.id_number) if o.id_number else ""
    )
    id_number_hash = factory.LazyAttribute(
        lambda o: crypto.keyed_hash(o.id_number) if o.id_number else ""
    )
    id_number_masked = factory.LazyAttribute(
        lambda o: mask_id_number(o.id_number) if o.id_number else ""
    )

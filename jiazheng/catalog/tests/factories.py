"""Factories for the service catalogue."""

import datetime
from decimal import Decimal

import factory

from jiazheng.catalog.models import Category, Holiday, ServiceItem, Unit


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"test-category-{n}")
    name = factory.Sequence(lambda n: f"测试分类{n}")
    parent = None
    sort_order = factory.Sequence(lambda n: 1000 + n)
    is_active = True


class ServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceItem
        django_get_or_create = ("code",)

    category = factory.SubFactory(CategoryFactory)
    code = factory.Sequence(lambda n: f"test-item-{n}")
    name = factory.Sequence(lambda n: f"测试项目{n}")
    unit = Unit.HOUR
    guidance_price_min = Decimal("40.00")
    guidance_price_max = Decimal("60.00")
    sort_order = factory.Sequence(lambda n: n)
    is_active = True


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2031, 1, 1) + datetime.timedelta(n))
    name = "测试节"
    is_workday = False
    source = Holiday.Source.MANUAL

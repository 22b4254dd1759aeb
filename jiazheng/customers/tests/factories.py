"""Factories for customers, their addresses, contacts and tags."""

import factory

from jiazheng.common.models import Region
from jiazheng.customers.models import (
    Customer,
    CustomerAddress,
    CustomerContact,
    CustomerTag,
)


def district(code="110105", name="朝阳区"):
    """Return a district of Beijing (creating 北京市 > 北京市 > it if needed)."""
    province, _ = Region.objects.get_or_create(
        code="110000", defaults={"name": "北京市", "level": Region.Level.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="110100",
        defaults={"name": "北京市", "level": Region.Level.CITY, "parent": province},
    )
    region, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": Region.Level.DISTRICT, "parent": city},
    )
    return region


class CustomerTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerTag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"标签{n}")


class CustomerFactory(factory.django.DjangoModelFactory):
    """A family customer without a login, as staff would enter one."""

    class Meta:
        model = Customer
        skip_postgeneration_save = True

    kind = Customer.Kind.FAMILY
    name = factory.Sequence(lambda n: f"王家{n}")
    phone = factory.Sequence(lambda n: f"139100{n:05d}")
    source = Customer.Source.STAFF

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class CustomerAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerAddress

    customer = factory.SubFactory(CustomerFactory)
    label = "家"
    region = factory.LazyFunction(district)
    detail = factory.Sequence(lambda n: f"建国路{n + 1}号院1单元101")
    is_default = False


class CustomerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerContact

    customer = factory.SubFactory(CustomerFactory)
    name = "李阿姨"
    phone = factory.Sequence(lambda n: f"137200{n:05d}")
    relation = "母亲"

"""Factories and helpers for cards; balances are made through the services."""

import itertools
from decimal import Decimal

import factory

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import OrganizationFactory, make_provider_staff
from jiazheng.cards import services
from jiazheng.cards.models import (
    BonusRule,
    Card,
    CardItem,
    CardOperator,
)
from jiazheng.cards.services.policy import ensure_levels, policy_for
from jiazheng.customers.tests.factories import CustomerFactory

_KEYS = itertools.count(1)


def key():
    """Return a fresh idempotency key."""
    return f"test-{next(_KEYS)}"


def make_cashier(organization=None):
    """Return a provider admin who works the card counter."""
    return make_provider_staff(organization=organization, role=Role.PROVIDER_ADMIN)


def open_card(
    *,
    organization=None,
    operator=None,
    kind=Card.Kind.NAMED,
    balance=None,
    customer=None,
    **kwargs,
):
    """Open a card through the service, topped up with ``balance`` in cash."""
    organization = organization or OrganizationFactory()
    operator = operator or make_cashier(organization)
    if kind == Card.Kind.NAMED and customer is None:
        customer = CustomerFactory()
    card = services.open_card(
        organization=organization,
        kind=kind,
        operator=operator,
        customer=customer,
        initial_amount=Decimal(balance) if balance else None,
        **kwargs,
    )
    card.refresh_from_db()
    return card


class CardFactory(factory.django.DjangoModelFactory):
    """A card with no money on it (use ``open_card`` for balances)."""

    class Meta:
        model = Card

    organization = factory.SubFactory(OrganizationFactory)
    number = factory.Sequence(lambda n: f"9{n:012d}")
    kind = Card.Kind.NAMED
    customer = factory.SubFactory(CustomerFactory)
    level = factory.LazyAttribute(lambda o: ensure_levels(o.organization)[0])


class BonusRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BonusRule

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"充1000送100活动{n}")
    min_amount = Decimal("1000.00")
    bonus = Decimal("100.00")


class CardItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardItem

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"日常保洁2小时{n}")
    price = Decimal("120.00")


class CardOperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardOperator

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"收银员{n}")
    phone = factory.Sequence(lambda n: f"136300{n:05d}")
    address = "朝阳区建国路1号"


def policy(organization, **values):
    """Return the organisation's policy with ``values`` saved."""
    rules = policy_for(organization)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save()
    return rules

"""Fixtures of the providers tests: people, a category, the SMS outbox."""

import pytest

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    make_enterprise_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.catalog.tests.factories import CategoryFactory
from jiazheng.notifications.backends import locmem
from jiazheng.providers.tests.factories import ProviderFactory, district


@pytest.fixture
def outbox():
    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def reviewer(db):
    return make_platform_staff(Role.PLATFORM_ADMIN)


@pytest.fixture
def applicant(db):
    return make_enterprise_member()


@pytest.fixture
def enterprise(applicant):
    return applicant.memberships.get().organization


@pytest.fixture
def category(db):
    return CategoryFactory(name="保洁")


@pytest.fixture
def chaoyang(db):
    return district()


@pytest.fixture
def provider(db):
    return ProviderFactory(name="甲家政")


@pytest.fixture
def provider_admin(provider):
    return make_provider_staff(provider, Role.PROVIDER_ADMIN)


@pytest.fixture
def other_provider(db):
    return ProviderFactory(name="乙家政")


@pytest.fixture
def other_admin(other_provider):
    return make_provider_staff(other_provider, Role.PROVIDER_ADMIN)

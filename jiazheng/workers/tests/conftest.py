import pytest

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.workers.tests.factories import ProviderOrganizationFactory


@pytest.fixture
def provider(db):
    return ProviderOrganizationFactory()


@pytest.fixture
def provider_admin(provider):
    return make_provider_staff(organization=provider, role=Role.PROVIDER_ADMIN)


@pytest.fixture
def provider_staff(provider):
    return make_provider_staff(organization=provider, role=Role.PROVIDER_STAFF)


@pytest.fixture
def dispatcher(db):
    return make_platform_staff(Role.DISPATCHER)

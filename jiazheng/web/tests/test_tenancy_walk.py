"""The tenancy walk: no organisation sees another's rows, for every model.

Every model with an ``organization`` field must be registered with
``accounts.tenancy.register`` and described in ``WALK`` below. For each, a
member of organisation B signs in and tries, through every registered page
and API endpoint, to list, fetch and change a row of organisation A.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.urls import reverse
from rest_framework.test import APIClient

from jiazheng.accounts.models import Membership, Role
from jiazheng.accounts.tenancy import registered_routes
from jiazheng.accounts.tests.factories import (
    EnterpriseOrganizationFactory,
    MembershipFactory,
    UserFactory,
    make_enterprise_member,
    make_provider_staff,
)
from jiazheng.bookings.models import (
    Booking,
    GrabOffer,
    Order,
    RecurringPlan,
    Review,
    WorkOrder,
)
from jiazheng.bookings.tests.factories import (
    BookingFactory,
    OrderFactory,
    RecurringPlanFactory,
    ReviewFactory,
    WorkOrderFactory,
)
from jiazheng.cards.tests.tenancy_walk import CARDS_WALK
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.hr.models import Department, Employee, Position
from jiazheng.hr.tests.factories import (
    DepartmentFactory,
    EmployeeFactory,
    PositionFactory,
)
from jiazheng.providers.models import (
    FranchiseApplication,
    JobApplication,
    JobPosting,
    ProviderProfile,
    ProviderServiceItem,
)
from jiazheng.providers.services.jobs import apply_to_job
from jiazheng.providers.tests.factories import (
    FranchiseApplicationFactory,
    JobPostingFactory,
    ProviderFactory,
    ProviderServiceItemFactory,
)
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}
_PHONES = itertools.count(1)
REFUSED_WRITE = {403, 404, 405}


@dataclass(frozen=True)
class Walk:
    """How to make a row for an organisation and what shows it on a list."""

    make_organization: Callable
    make_viewer: Callable
    make_row: Callable
    marker: Callable


def _membership(org, tag):
    return MembershipFactory(
        organization=org, role=Role.PROVIDER_STAFF, user=UserFactory(name=tag)
    )


def _job_application(org, tag):
    posting = JobPostingFactory(organization=org)
    application, _created = apply_to_job(
        posting=posting, name=tag, phone=f"137{next(_PHONES):08d}"
    )
    return application


def _provider_admin(org):
    return make_provider_staff(organization=org, role=Role.PROVIDER_ADMIN)


WALK = {
    Membership: Walk(
        ProviderFactory, _provider_admin, _membership, lambda r: r.user.name
    ),
    FranchiseApplication: Walk(
        EnterpriseOrganizationFactory,
        lambda org: make_enterprise_member(organization=org),
        lambda org, tag: FranchiseApplicationFactory(
            organization=org, company_name=tag
        ),
        lambda r: r.company_name,
    ),
    ProviderProfile: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: org.provider_profile,
        lambda r: r.organization.name,
    ),
    ProviderServiceItem: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: ProviderServiceItemFactory(
            organization=org, item=ServiceItemFactory(name=tag)
        ),
        lambda r: r.item.name,
    ),
    JobPosting: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: JobPostingFactory(organization=org, title=tag),
        lambda r: r.title,
    ),
    Department: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: DepartmentFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    Position: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: PositionFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    Employee: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: EmployeeFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    WorkerProfile: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: WorkerFactory(organization=org, employee__name=tag),
        lambda r: r.employee.name,
    ),
    Order: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: OrderFactory(booking_organization=org),
        lambda r: r.number,
    ),
    Review: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: ReviewFactory(order__booking_organization=org, text=tag),
        lambda r: r.text,
    ),
    Booking: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: BookingFactory(organization=org, notes=tag),
        lambda r: r.number,
    ),
    RecurringPlan: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: RecurringPlanFactory(organization=org, notes=tag),
        lambda r: r.notes,
    ),
    WorkOrder: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: WorkOrderFactory(order__booking_organization=org),
        lambda r: r.number,
    ),
    GrabOffer: Walk(
        ProviderFactory,
        _provider_admin,
        lambda org, tag: GrabOffer.objects.create(
            order=OrderFactory(booking_organization=org, status=Order.Status.CONFIRMED),
            organization=org,
        ),
        lambda r: r.order.number,
    ),
    JobApplication: Walk(
        ProviderFactory, _provider_admin, _job_application, lambda r: r.name
    ),
}


WALK.update({model: Walk(*entry) for model, entry in CARDS_WALK.items()})


def organization_owned_models():
    return {
        model
        for model in apps.get_models()
        if any(f.name == "organization" and f.is_relation for f in model._meta.fields)
    }


def test_every_organization_owned_model_is_registered_and_walked():
    owned = organization_owned_models()

    assert owned == set(registered_routes()), "register the model in tenancy"
    assert owned == set(WALK), "describe the model in WALK"


def _setup(model):
    walk = WALK[model]
    org_a, org_b = walk.make_organization(), walk.make_organization()
    viewer = walk.make_viewer(org_b)
    theirs = walk.make_row(org_a, f"甲方{model.__name__}")
    ours = walk.make_row(org_b, f"乙方{model.__name__}")
    return walk, viewer, theirs, ours


def _snapshot(row):
    row.refresh_from_db()
    return model_to_dict(row)


def _ids(payload):
    results = payload["results"] if isinstance(payload, dict) else payload
    return {item.get("id") for item in results}


@pytest.mark.parametrize(
    "model", sorted(WALK, key=lambda m: m.__name__), ids=lambda m: m.__name__
)
def test_pages_never_show_or_change_another_organizations_rows(client, model):
    # given
    walk, viewer, theirs, ours = _setup(model)
    route = registered_routes()[model]
    client.force_login(viewer)
    before = _snapshot(theirs)

    # when / then: the list shows ours, never theirs
    if route.console_list:
        response = client.get(reverse(route.console_list))
        assert response.status_code in {200, *REFUSED}
        if response.status_code == 200:
            content = response.content.decode()
            assert walk.marker(theirs) not in content
            assert walk.marker(ours) in content

    # fetching or changing theirs is refused
    for name in (route.console_detail, route.console_change):
        if name:
            url = reverse(name, kwargs={"pk": theirs.pk})
            assert client.get(url).status_code in REFUSED
            assert client.post(url, {}).status_code in REFUSED
    assert _snapshot(theirs) == before


@pytest.mark.parametrize(
    "model", sorted(WALK, key=lambda m: m.__name__), ids=lambda m: m.__name__
)
def test_api_never_returns_or_changes_another_organizations_rows(model):
    # given
    walk, viewer, theirs, ours = _setup(model)
    route = registered_routes()[model]
    api = APIClient()
    api.force_authenticate(viewer)
    before = _snapshot(theirs)

    # when / then
    if route.api_list:
        response = api.get(reverse(route.api_list))
        assert response.status_code in {200, *REFUSED}
        if response.status_code == 200:
            ids = _ids(response.json())
            assert theirs.pk not in ids
            assert ours.pk in ids
    if route.api_detail:
        url = reverse(route.api_detail, kwargs={"pk": theirs.pk})
        assert api.get(url).status_code in REFUSED
        assert api.patch(url, {}, format="json").status_code in REFUSED_WRITE
        assert api.put(url, {}, format="json").status_code in REFUSED_WRITE
        assert api.delete(url).status_code in REFUSED_WRITE
    assert _snapshot(theirs) == before
    assert model.objects.filter(pk=theirs.pk).exists()

"""One customer per number, even when requests race on real connections."""

import threading

import pytest
from django.db import connection
from django.db.models.query import QuerySet

from jiazheng.accounts.tests.factories import UserFactory, make_family_member
from jiazheng.customers import services
from jiazheng.customers.models import Customer

PHONE = "13912345678"


def _run_together(functions, *, pause_after_check):
    """Run ``functions`` in threads that all pass the existence check first.

    The customer look-up by number waits at a barrier, so that every thread
    has looked (and found nothing) before any of them inserts: the race the
    unique index must settle.
    """
    barrier = threading.Barrier(len(functions), timeout=10)
    real_exists, real_first = QuerySet.exists, QuerySet.first
    results, errors = [], []
    local = threading.local()

    def pause(queryset, method):
        # Once per thread, on the look-up by number.
        if (
            method == pause_after_check
            and queryset.model is Customer
            and '"phone"' in str(queryset.query)
            and not getattr(local, "paused", False)
        ):
            local.paused = True
            barrier.wait()

    def exists(self):
        found = real_exists(self)
        pause(self, "exists")
        return found

    def first(self):
        found = real_first(self)
        pause(self, "first")
        return found

    def run(function):
        try:
            results.append(function())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    QuerySet.exists, QuerySet.first = exists, first
    try:
        threads = [threading.Thread(target=run, args=(f,)) for f in functions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        QuerySet.exists, QuerySet.first = real_exists, real_first
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_taking_the_same_new_caller_make_one_record():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")

    def take_call():
        return services.get_or_create_customer_for_caller(
            phone=PHONE, name="王女士", kind="family", created_by=None
        )

    results, errors = _run_together([take_call, take_call], pause_after_check="exists")

    assert errors == []
    assert Customer.objects.filter(phone=PHONE).count() == 1
    assert sorted(created for _customer, created in results) == [False, True]
    assert len({customer.pk for customer, _created in results}) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_sign_up_racing_a_call_in_ends_with_one_linked_record():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    user = make_family_member(user=UserFactory(phone=PHONE))

    def sign_up():
        return services.attach_user(user=user)

    def take_call():
        return services.get_or_create_customer_for_caller(
            phone=PHONE, name="王女士", kind="family", created_by=None
        )[0]

    results, errors = _run_together([sign_up, take_call], pause_after_check="first")

    assert errors == []
    customer = Customer.objects.get(phone=PHONE)
    assert customer.user == user
    assert {c.pk for c in results} == {customer.pk}

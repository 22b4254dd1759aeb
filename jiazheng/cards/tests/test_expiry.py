"""Expiry of cards past their validity, and reactivation (激活/延期)."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from jiazheng.cards import queries, services
from jiazheng.cards.models import Card, CardLedgerEntry, EntryKind
from jiazheng.cards.services.expiry import add_years
from jiazheng.cards.tasks import expire_cards
from jiazheng.cards.tests.factories import (
    BonusRuleFactory,
    key,
    make_cashier,
    open_card,
    policy,
)
from jiazheng.cards.verification import verify_card
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.errors import ServiceError

pytestmark = pytest.mark.django_db


def _yesterday():
    return timezone.localdate() - timedelta(days=1)


def _expired_card(balance="1000", **kwargs):
    """A named card with 1000 paid and 100 given, valid until yesterday."""
    card = open_card(**kwargs)
    BonusRuleFactory(organization=card.organization)
    policy(card.organization, approval_threshold=Decimal("5000.00"))
    services.top_up(card=card, amount=balance, method="cash", operator=None)
    Card.objects.filter(pk=card.pk).update(expires_on=_yesterday())
    card.refresh_from_db()
    return card


def test_expire_moves_principal_and_bonus_out_apart_and_is_idempotent():
    card = _expired_card()

    out = StringIO()
    call_command("expire_cards", stdout=out, stderr=StringIO())
    call_command("expire_cards", stdout=StringIO(), stderr=StringIO())

    [entry] = CardLedgerEntry.objects.filter(card=card, kind=EntryKind.EXPIRY)
    assert entry.principal_delta == Decimal("-1000.00")
    assert entry.bonus_delta == Decimal("-100.00")
    assert "1 cards expired, 1100.00 yuan moved out" in out.getvalue()
    card.refresh_from_db()
    assert card.balance == 0
    assert verify_card(card).ok


def test_cards_still_valid_or_empty_are_not_expired():
    valid = open_card(balance="50", kind=Card.Kind.ANONYMOUS)
    empty = open_card()
    Card.objects.filter(pk=empty.pk).update(expires_on=_yesterday())

    count, total = services.expire_due_cards()

    assert (count, total) == (0, 0)
    assert not CardLedgerEntry.objects.filter(
        card__in=[valid, empty], kind=EntryKind.EXPIRY
    ).exists()


def test_the_celery_task_expires_due_cards():
    card = _expired_card()

    expire_cards.run()

    assert card.entries.filter(kind=EntryKind.EXPIRY).exists()


def test_command_date_option_expires_as_of_that_day():
    card = open_card(balance="80", kind=Card.Kind.ANONYMOUS)
    later = card.expires_on + timedelta(days=1)

    call_command("expire_cards", date=str(card.expires_on), stdout=StringIO())
    assert not card.entries.filter(kind=EntryKind.EXPIRY).exists()
    call_command("expire_cards", date=str(later), stdout=StringIO(), verbosity=0)
    assert card.entries.filter(kind=EntryKind.EXPIRY).count() == 1


def test_fund_report_shows_the_expired_balance_and_its_restoration():
    card = _expired_card()
    services.expire_due_cards()
    today = timezone.localdate()
    entries = queries.entries_of(Card.objects.filter(pk=card.pk))

    [row] = queries.prepaid_funds(entries, period="day", start=today, end=today)
    assert row.expired == Decimal("1100.00")
    assert row.outstanding == 0

    services.reactivate(card=card, operator=None, reason="客户来柜台激活")
    [row] = queries.prepaid_funds(entries, period="day", start=today, end=today)
    assert row.expired == 0
    assert row.outstanding == Decimal("1100.00")


def test_reactivate_extends_validity_and_restores_exactly_what_expired():
    card = _expired_card()
    services.expire_due_cards()
    cashier = make_cashier(card.organization)

    card = services.reactivate(card=card, operator=cashier, reason="激活")
    again = services.reactivate(card=card, operator=cashier, reason="再次激活")

    [restored] = card.restored
    assert again.restored == []
    assert restored.kind == EntryKind.EXPIRY_REVERSAL
    assert restored.principal_delta == Decimal("1000.00")
    assert restored.bonus_delta == Decimal("100.00")
    assert restored.refund_of.kind == EntryKind.EXPIRY
    card.refresh_from_db()
    assert card.principal_balance == Decimal("1000.00")
    assert card.bonus_balance == Decimal("100.00")
    assert card.expires_on is None or card.expires_on > timezone.localdate()
    assert card.operations.filter(action="reactivate").count() == 2
    assert verify_card(card).ok
    # and the card pays again
    services.pay(card=card, amount="10", items=[], operator=None, idempotency_key=key())


def test_reactivating_an_anonymous_card_keeps_the_three_year_minimum():
    card = open_card(balance="100", kind=Card.Kind.ANONYMOUS)
    Card.objects.filter(pk=card.pk).update(expires_on=_yesterday())
    services.expire_due_cards()
    too_soon = timezone.localdate() + timedelta(days=365)

    with pytest.raises(ServiceError) as excinfo:
        services.reactivate(
            card=card, operator=None, reason="激活", expires_on=too_soon
        )
    card = services.reactivate(card=card, operator=None, reason="激活")

    assert excinfo.value.code == "validity_too_short"
    assert card.expires_on >= add_years(timezone.localdate(), 3)
    card.refresh_from_db()
    assert card.balance == Decimal("100.00")


def test_reactivate_refuses_a_date_in_the_past_and_a_closed_card():
    card = _expired_card()
    with pytest.raises(ServiceError) as past:
        services.reactivate(
            card=card, operator=None, reason="激活", expires_on=date(2020, 1, 1)
        )
    services.close_card(card=card, operator=None, reason="退卡")
    with pytest.raises(ServiceError) as closed:
        services.reactivate(card=card, operator=None, reason="激活")

    assert past.value.code == "validity_too_short"
    assert closed.value.code == "card_not_open"


def test_closing_an_expired_card_refunds_the_expired_balance_proportionally():
    card = _expired_card()
    services.expire_due_cards()
    card.refresh_from_db()

    refund, forfeit = services.close_quote(card)
    entry = services.close_card(card=card, operator=None, reason="退卡")

    # paid 1000 and given 100: the whole 1100 left is worth 1000
    assert (refund, forfeit) == (Decimal("1000.00"), Decimal("100.00"))
    assert entry.amount == Decimal("-1000.00")
    card.refresh_from_db()
    assert card.balance == 0 and card.status == Card.Status.CLOSED
    assert verify_card(card).ok


def test_replaced_expired_card_restores_on_the_new_card():
    card = _expired_card()
    services.expire_due_cards()
    new = services.replace_card(card=card, operator=None, reason="遗失")

    new = services.reactivate(card=new, operator=None, reason="激活")

    new.refresh_from_db()
    assert new.balance == Decimal("1100.00")


def test_expired_card_refuses_payment_and_an_expired_package_refuses_a_visit():
    card = open_card(balance="500")
    package = services.buy_package(
        card=card,
        service_item=ServiceItemFactory(),
        visits=3,
        price="300",
        valid_days=30,
        operator=None,
    )
    package.expires_on = _yesterday()
    package.save()

    with pytest.raises(ServiceError) as visit:
        services.use_visit(package=package, operator=None)
    Card.objects.filter(pk=card.pk).update(expires_on=_yesterday())
    with pytest.raises(ServiceError) as payment:
        services.pay(
            card=card, amount="1", items=[], operator=None, idempotency_key=key()
        )

    assert visit.value.code == "package_expired"
    assert str(_yesterday()) in str(visit.value.message)
    assert payment.value.code == "card_expired"
    assert "激活" in str(payment.value.message) or "延期" in str(payment.value.message)


def test_counter_reactivates_an_expired_card(client):
    card = _expired_card()
    services.expire_due_cards()
    client.force_login(make_cashier(card.organization))

    detail = client.get(reverse("cards_console:card_detail", kwargs={"pk": card.pk}))
    response = client.post(
        reverse("cards_console:card_reactivate", kwargs={"pk": card.pk}),
        {"reason": "客户来柜台激活"},
    )

    assert 'id="card-expired"' in detail.content.decode()
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.balance == Decimal("1100.00")


def test_api_reactivates_once_per_key_and_refuses_other_organisations():
    card = _expired_card()
    services.expire_due_cards()
    url = reverse("api:card-reactivate", kwargs={"pk": card.pk})
    api = APIClient()
    api.force_authenticate(make_cashier(card.organization))
    stranger = APIClient()
    stranger.force_authenticate(make_cashier())

    refused = stranger.post(
        url, {"reason": "激活"}, format="json", HTTP_IDEMPOTENCY_KEY="x-1"
    )
    first = api.post(url, {"reason": "激活"}, format="json", HTTP_IDEMPOTENCY_KEY="a")
    replay = api.post(url, {"reason": "激活"}, format="json", HTTP_IDEMPOTENCY_KEY="a")
    bad = api.post(
        url,
        {"reason": "激活", "expires_on": "2020-01-01"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="b",
    )

    assert refused.status_code == 404
    assert first.status_code == 200 and replay.json() == first.json()
    assert first.json()["restored"] == "1100.00"
    assert bad.status_code == 400 and bad.json()["code"] == "validity_too_short"
    card.refresh_from_db()
    assert card.balance == Decimal("1100.00")


def test_extending_the_validity_by_editing_the_card_restores_the_expired_balance():
    card = _expired_card()
    services.expire_due_cards()

    services.edit_card(
        card=card,
        operator=None,
        expires_on=timezone.localdate() + timedelta(days=365),
    )

    card.refresh_from_db()
    assert card.balance == Decimal("1100.00")
    assert card.entries.filter(kind=EntryKind.EXPIRY_REVERSAL).count() == 1

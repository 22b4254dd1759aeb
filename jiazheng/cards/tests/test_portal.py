import pytest
from django.urls import reverse

from jiazheng.accounts.tests.factories import UserFactory, make_family_member
from jiazheng.cards import services
from jiazheng.cards.tests.factories import key, open_card
from jiazheng.customers.tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_member_sees_own_cards_balance_and_statement(client):
    user = make_family_member(user=UserFactory())
    card = open_card(balance="300", customer=CustomerFactory(user=user))
    services.pay(
        card=card,
        amount="45",
        items=[{"name": "擦玻璃", "quantity": 1}],
        operator=None,
        idempotency_key=key(),
    )
    client.force_login(user)

    listing = client.get(reverse("cards:my_cards")).content.decode()
    detail = client.get(
        reverse("cards:my_card", kwargs={"pk": card.pk})
    ).content.decode()

    assert card.number in listing and "¥255.00" in listing
    assert "擦玻璃" in detail


def test_member_cannot_open_someone_elses_card(client):
    user = make_family_member(user=UserFactory())
    other = open_card(balance="300")
    client.force_login(user)
    assert (
        client.get(reverse("cards:my_card", kwargs={"pk": other.pk})).status_code == 404
    )


def test_member_sends_feedback_from_the_card_page(client):
    user = make_family_member(user=UserFactory())
    card = open_card(customer=CustomerFactory(user=user))
    client.force_login(user)

    client.post(
        reverse("cards:my_card", kwargs={"pk": card.pk}), {"text": "希望增加夜间服务"}
    )

    assert card.feedback.get().text == "希望增加夜间服务"

"""The dispatch screen's WebSocket: who may listen, and what they hear."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_family_member, make_provider_staff
from jiazheng.bookings.consumers import DispatchConsumer
from jiazheng.bookings.dispatch.live import notify_new_booking
from jiazheng.bookings.tests.dispatch_fixtures import confirmed_order, dispatcher

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def connect(user):
    communicator = WebsocketCommunicator(DispatchConsumer.as_asgi(), "/ws/dispatch/")
    communicator.scope["user"] = user
    return communicator


def test_a_new_booking_appears_live_for_platform_dispatchers():
    order = confirmed_order()
    user = dispatcher()

    async def scenario():
        communicator = connect(user)
        connected, _ = await communicator.connect()
        await sync_to_async(notify_new_booking)(order)
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return connected, message

    connected, message = async_to_sync(scenario)()

    assert connected
    assert message["event"] == "new"
    assert message["order"]["number"] == order.number


def test_provider_staff_hear_only_their_own_organisation():
    mine = confirmed_order()
    theirs = confirmed_order()
    staff = make_provider_staff(mine.organization, Role.PROVIDER_STAFF)

    async def scenario():
        communicator = connect(staff)
        await communicator.connect()
        await sync_to_async(notify_new_booking)(theirs)
        silent = await communicator.receive_nothing(timeout=0.3)
        await sync_to_async(notify_new_booking)(mine)
        message = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return silent, message

    silent, message = async_to_sync(scenario)()

    assert silent
    assert message["order"]["number"] == mine.number


def test_members_are_turned_away_at_the_handshake():
    member = make_family_member()

    async def scenario():
        communicator = connect(member)
        connected, code = await communicator.connect()
        return connected, code

    connected, code = async_to_sync(scenario)()

    assert not connected
    assert code == 4403

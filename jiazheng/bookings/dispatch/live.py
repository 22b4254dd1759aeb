"""Live updates of the dispatch screen through the channel layer.

The platform's dispatchers listen to one group, each provider's staff to the
group of their organisation. Messages are sent after the transaction that
made the change commits; a channel-layer outage is logged, never raised,
since the change itself has been saved.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

PLATFORM_GROUP = "dispatch.platform"
MESSAGE_TYPE = "dispatch.event"


def organization_group(organization_id):
    return f"dispatch.org.{organization_id}"


def groups_for(organization_id):
    groups = [PLATFORM_GROUP]
    if organization_id is not None:
        groups.append(organization_group(organization_id))
    return groups


def order_payload(order, event):
    starts_at = timezone.localtime(order.starts_at)
    return {
        "event": event,
        "order": {
            "id": order.pk,
            "number": order.number,
            "status": order.status,
            "starts_at": starts_at.isoformat(),
            "region": order.region_id,
            "organization": order.organization_id,
        },
    }


async def _send_all(layer, groups, payload):
    for group in groups:
        await layer.group_send(group, {"type": MESSAGE_TYPE, "payload": payload})


def _send(groups, payload):
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        # One trip into the event loop for all groups: each async_to_sync
        # call costs a thread hand-over.
        async_to_sync(_send_all)(layer, groups, payload)
    except Exception:
        logger.exception("dispatch screen not notified", extra={"groups": groups})


def publish(order, event):
    """Tell the dispatch screens about ``order`` once the transaction commits."""
    groups = groups_for(order.organization_id)
    payload = order_payload(order, event)
    # Outside a transaction on_commit runs at once; inside, after commit.
    transaction.on_commit(lambda: _send(groups, payload))


def publish_day(*, date, organization_ids, placed):
    """Tell the dispatch screens that a day was dispatched: one message, not 2,000."""
    groups = [PLATFORM_GROUP] + [
        organization_group(pk) for pk in sorted(organization_ids) if pk is not None
    ]
    payload = {"event": "day_dispatched", "date": date.isoformat(), "placed": placed}
    transaction.on_commit(lambda: _send(groups, payload))


def notify_new_booking(order):
    """Show a new order on the dispatch screens (call it when an order is made)."""
    publish(order, "new")

"""The dispatch screen's WebSocket: new and changed orders, live.

Platform dispatchers join the platform group, a provider's staff the groups
of their own organisations; anyone else is turned away at the handshake.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from jiazheng.accounts.models import Organization
from jiazheng.accounts.tenancy import memberships_of
from jiazheng.bookings.dispatch.live import PLATFORM_GROUP, organization_group
from jiazheng.bookings.queries import (
    ORDER_STAFF_PROVIDER_ROLES,
    is_platform_dispatcher,
)


@database_sync_to_async
def dispatch_groups(user):
    """Return the groups whose messages ``user`` may receive."""
    if not getattr(user, "is_authenticated", False):
        return []
    if is_platform_dispatcher(user):
        return [PLATFORM_GROUP]
    return sorted(
        {
            organization_group(m.organization_id)
            for m in memberships_of(user)
            if m.role in ORDER_STAFF_PROVIDER_ROLES
            and m.organization.kind == Organization.Kind.PROVIDER
        }
    )


class DispatchConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.groups_joined = await dispatch_groups(self.scope.get("user"))
        if not self.groups_joined:
            await self.close(code=4403)
            return
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # The screen only listens; anything it sends is ignored.
        return

    async def dispatch_event(self, event):
        await self.send_json(event["payload"])

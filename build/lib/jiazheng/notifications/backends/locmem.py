"""Keep sent messages in memory, for tests.

Tests read ``outbox`` (items have ``phone``, ``body``, ``template`` and
``params``) and clear it between tests.
"""

import itertools
from dataclasses import dataclass, field

outbox = []

_ids = itertools.count(1)


@dataclass(frozen=True)
class SentSms:
    phone: str
    body: str
    template: str
    params: dict = field(default_factory=dict)
    provider_message_id: str = ""


class LocmemBackend:
    def send(self, message):
        message_id = f"locmem-{next(_ids)}"
        outbox.append(
            SentSms(
                phone=message.phone,
                body=message.body,
                template=message.template,
                params=dict(message.params),
                provider_message_id=message_id,
            )
        )
        return message_id

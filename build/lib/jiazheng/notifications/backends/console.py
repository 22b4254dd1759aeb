"""Print messages to standard output: the developer's "delivery"."""

import logging
import sys
import uuid

logger = logging.getLogger(__name__)


class ConsoleBackend:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, message):
        message_id = f"console-{uuid.uuid4().hex}"
        # Standard output is the delivery channel here, so the full number
        # and text go there; the log gets the masked number only.
        self.stream.write(f"[SMS to {message.phone}] {message.body}\n")
        self.stream.flush()
        logger.info(
            "sms printed to console",
            extra={"sms_id": message.pk, "phone": message.masked_phone},
        )
        return message_id

"""Queue the SMS messages whose next try is due (failed or lost ones)."""

from django.core.management.base import BaseCommand

from jiazheng.notifications.services import retry_due_messages


class Command(BaseCommand):
    help = "Queue SMS messages whose next delivery attempt is due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="at most this many messages"
        )

    def handle(self, *args, limit, **options):
        count = retry_due_messages(limit=limit)
        self.stdout.write(f"{count} SMS message(s) queued.")

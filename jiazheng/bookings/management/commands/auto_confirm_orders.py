from django.core.management.base import BaseCommand

from jiazheng.bookings.services import auto_confirm_due


class Command(BaseCommand):
    help = "自动确认完工后超过规定时间仍未由客户确认的订单。"

    def handle(self, *args, **options):
        confirmed = auto_confirm_due()
        self.stdout.write(f"confirmed {confirmed}")

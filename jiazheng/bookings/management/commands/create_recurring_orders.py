from django.core.management.base import BaseCommand

from jiazheng.bookings.services import create_recurring_orders


class Command(BaseCommand):
    help = "为周期服务计划生成未来几天的订单（默认 7 天）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, **options):
        created, skipped = create_recurring_orders(lookahead_days=options["days"])
        self.stdout.write(f"created {created}, skipped {skipped}")

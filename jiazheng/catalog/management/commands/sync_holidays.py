"""Load the State Council's holiday schedules from the chinesecalendar package."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiazheng.catalog import services
from jiazheng.common.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Add the holiday schedules the installed chinesecalendar package knows "
        "to the holiday table. Days edited or deleted by hand stay as they are; "
        "running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="Only this year (repeat for several); default: every year.",
        )

    def handle(self, *args, years=None, verbosity=1, **options):
        def progress(days):
            # The raw stream: OutputWrapper ends every write with a newline,
            # which would print the bar once per update instead of redrawing.
            return tqdm(
                days,
                desc="holidays",
                unit="day",
                disable=verbosity < 1,
                file=self.stderr._out,
            )

        try:
            result = services.sync_holidays(years=years, progress=progress)
        except ServiceError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"years {result.years[0]}–{result.years[-1]}: "
                f"{result.created} added, {result.updated} updated, "
                f"{result.unchanged} unchanged, {result.kept_manual} kept as "
                f"edited by hand, {result.kept_deleted} kept deleted"
            )
        )

"""Expire the balance of cards past their validity (safe to run daily)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiazheng.cards.services.expiry import expire_due_cards


class Command(BaseCommand):
    help = (
        "Write an expiry entry for every open card past its validity that "
        "still holds money (principal and bonus kept apart). Cards already "
        "expired are left alone, so running it again changes nothing. The "
        "money comes back when the card is reactivated or closed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            dest="day",
            help="Treat this day (YYYY-MM-DD) as today; cards valid until "
            "the day before are expired.",
        )

    def handle(self, *args, day=None, verbosity=1, **options):
        today = None
        if day:
            try:
                today = date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {day!r}") from exc

        def progress(ids):
            return tqdm(
                ids,
                desc="cards",
                unit="card",
                disable=verbosity < 1,
                file=self.stderr._out,
            )

        count, total = expire_due_cards(today=today, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(f"{count} cards expired, {total:.2f} yuan moved out")
        )

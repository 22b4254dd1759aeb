"""Check every card's ledger for edited, deleted or reordered entries."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jiazheng.cards.models import Card
from jiazheng.cards.verification import verify_card


class Command(BaseCommand):
    help = (
        "Recompute each card's chain of entry hashes and balances; report "
        "any entry edited, deleted or reordered and any balance that differs "
        "from the sum of its entries. Exits with status 1 if any is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--card",
            action="append",
            dest="numbers",
            help="Only this card number (repeatable).",
        )

    def handle(self, *args, numbers=None, verbosity=1, **options):
        cards = Card.objects.order_by("pk")
        if numbers:
            cards = cards.filter(number__in=numbers)
        bad = 0
        total = cards.count()
        progress = tqdm(
            cards.iterator(chunk_size=500),
            total=total,
            desc="cards",
            unit="card",
            disable=verbosity < 1,
            file=self.stderr._out,
        )
        for card in progress:
            report = verify_card(card)
            if not report.ok:
                bad += 1
                for problem in report.problems:
                    self.stdout.write(f"{report.number}: {problem}")
        if bad:
            raise CommandError(f"{bad} of {total} cards have ledger problems")
        self.stdout.write(self.style.SUCCESS(f"{total} cards verified, all intact"))

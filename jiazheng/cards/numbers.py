"""Card numbers: a daily sequence with a Luhn check digit, 2026120300017."""

from django.utils import timezone

from jiazheng.common.sequences import increment


def luhn_digit(digits):
    """Return the Luhn check digit for the string of digits ``digits``."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def is_valid_card_number(number):
    number = (number or "").strip()
    return (
        number.isdigit() and len(number) > 1 and luhn_digit(number[:-1]) == number[-1]
    )


def new_card_number(day=None):
    """Return a new card number: date, five-digit counter, check digit."""
    day = day or timezone.localdate()
    body = f"{day:%Y%m%d}{increment(f'cards:{day:%Y%m%d}'):05d}"
    return body + luhn_digit(body)

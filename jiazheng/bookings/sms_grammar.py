"""The short Chinese grammar of SMS bookings (see docs/sms-booking.md).

    预约 <服务项目> <日期><时段> <地址>
    取消 <订单号>
    帮助

Dates: 今天, 明天, 后天, 12月5日, 2026年12月5日, 12-5, 12/5, 12.5.
Slots: 上午 (09:00–12:00), 下午 (14:00–17:00), 晚上 (18:00–21:00), or hours
such as 9点-12点, 9:00-11:30, 14点 (two hours from then). The date and the
slot may be written together (12月5日上午) or apart (12月5日 上午).

Parsing is pure: it only reads the text and today's date. Looking up the
item and the address is the service's job.
"""

import datetime
import re
from dataclasses import dataclass

BOOK_WORDS = ("预约", "预订", "YY", "yy")
CANCEL_WORDS = ("取消", "QX", "qx")
HELP_WORDS = ("帮助", "?", "？", "help", "HELP", "BZ", "bz")

NAMED_SLOTS = {
    "上午": (datetime.time(9, 0), datetime.time(12, 0)),
    "中午": (datetime.time(11, 0), datetime.time(13, 0)),
    "下午": (datetime.time(14, 0), datetime.time(17, 0)),
    "晚上": (datetime.time(18, 0), datetime.time(21, 0)),
}
RELATIVE_DAYS = {"今天": 0, "明天": 1, "后天": 2}
DEFAULT_HOURS = 2

_SPACES = re.compile(r"[\s\u3000，,]+")
_DATE = re.compile(
    r"^(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<day>\d{1,2})[日号]?"
    r"|^(?:(?P<year2>\d{4})[-/.])?(?P<month2>\d{1,2})[-/.](?P<day2>\d{1,2})"
    r"|^(?P<relative>今天|明天|后天)"
)
_HOUR = r"(\d{1,2})(?:[:：](\d{2})|点(半|\d{1,2}分?)?)"
_SLOT_RANGE = re.compile(rf"^{_HOUR}(?:[-~到至]{_HOUR})?$")
_ORDER_NUMBER = re.compile(r"^DD\d{12}$", re.IGNORECASE)


class GrammarError(ValueError):
    """The text does not follow the grammar; ``hint`` says what was wrong."""

    def __init__(self, hint):
        self.hint = hint
        super().__init__(hint)


@dataclass(frozen=True)
class BookingRequest:
    item_name: str
    day: datetime.date
    start: datetime.time
    end: datetime.time
    address: str


@dataclass(frozen=True)
class CancelRequest:
    order_number: str


@dataclass(frozen=True)
class HelpRequest:
    pass


def parse(text, *, today):
    """Return a BookingRequest, CancelRequest or HelpRequest, or raise GrammarError."""
    words = [w for w in _SPACES.split((text or "").strip()) if w]
    if not words or words[0] in HELP_WORDS:
        return HelpRequest()
    command, rest = words[0], words[1:]
    for word in BOOK_WORDS + CANCEL_WORDS:
        # 预约家庭保洁 … written without the first space.
        if command != word and command.startswith(word) and len(command) > len(word):
            command, rest = word, [command[len(word) :], *rest]
            break
    if command in CANCEL_WORDS:
        return _parse_cancel(rest)
    if command in BOOK_WORDS:
        return _parse_booking(rest, today)
    raise GrammarError("unknown_command")


def _parse_cancel(rest):
    if len(rest) != 1 or not _ORDER_NUMBER.match(rest[0]):
        raise GrammarError("order_number")
    return CancelRequest(order_number=rest[0].upper())


def _parse_booking(rest, today):
    if len(rest) < 3:
        raise GrammarError("too_short")
    item_name, when = rest[0], rest[1]
    day, remainder = _parse_day(when, today)
    address_words = rest[2:]
    if not remainder:
        remainder, address_words = rest[2], rest[3:]
    start, end = _parse_slot(remainder)
    address = "".join(address_words)
    if not address:
        raise GrammarError("address")
    return BookingRequest(
        item_name=item_name, day=day, start=start, end=end, address=address
    )


def _parse_day(word, today):
    match = _DATE.match(word)
    if not match:
        raise GrammarError("date")
    if match.group("relative"):
        day = today + datetime.timedelta(days=RELATIVE_DAYS[match.group("relative")])
        return day, word[match.end() :]
    year = match.group("year") or match.group("year2")
    month = int(match.group("month") or match.group("month2"))
    day_of_month = int(match.group("day") or match.group("day2"))
    try:
        if year:
            day = datetime.date(int(year), month, day_of_month)
        else:
            day = datetime.date(today.year, month, day_of_month)
            if day < today:
                # 1月3日 sent in December means next January.
                day = datetime.date(today.year + 1, month, day_of_month)
    except ValueError as exc:
        raise GrammarError("date") from exc
    return day, word[match.end() :]


def _time(hour, minutes, half_or_minutes):
    hour = int(hour)
    minute = 0
    if minutes:
        minute = int(minutes)
    elif half_or_minutes == "半":
        minute = 30
    elif half_or_minutes:
        minute = int(half_or_minutes.rstrip("分"))
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise GrammarError("slot")
    return datetime.time(hour, minute)


def _parse_slot(word):
    if word in NAMED_SLOTS:
        return NAMED_SLOTS[word]
    match = _SLOT_RANGE.match(word)
    if not match:
        raise GrammarError("slot")
    start = _time(*match.group(1, 2, 3))
    if match.group(4):
        end = _time(*match.group(4, 5, 6))
    else:
        hour = start.hour + DEFAULT_HOURS
        if hour > 23:
            raise GrammarError("slot")
        end = datetime.time(hour, start.minute)
    if end <= start:
        raise GrammarError("slot")
    return start, end

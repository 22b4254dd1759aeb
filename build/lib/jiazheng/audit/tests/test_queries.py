import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from jiazheng.audit.models import Outcome, SystemLogEntry
from jiazheng.audit.queries import filter_entries
from jiazheng.audit.services import record_event

pytestmark = pytest.mark.django_db


def log(**fields):
    defaults = {"module": "web", "function": "console_home", "outcome": "success"}
    return record_event(**{**defaults, **fields})


def test_filters_narrow_the_log():
    user = get_user_model().objects.create_user(phone="13912345678", name="李四")
    mine = log(user=user, ip_address="192.0.2.1", outcome=Outcome.DENIED)
    log(username="138****0000", module="api:catalog", function="item_list")

    assert list(filter_entries(user_query="李四")) == [mine]
    assert list(filter_entries(user_query="13912345678")) == [mine]
    assert list(filter_entries(module="web")) == [mine]
    assert list(filter_entries(outcome=Outcome.DENIED)) == [mine]
    assert list(filter_entries(ip="192.0.2.1")) == [mine]
    assert filter_entries(function="item_list").get().module == "api:catalog"


def test_date_range_includes_both_days_in_local_time():
    inside = log()
    outside = log()
    day = datetime.date(2026, 3, 1)
    local_midnight = timezone.make_aware(datetime.datetime(2026, 3, 1))
    SystemLogEntry.objects.filter(pk=inside.pk).update(
        created_at=local_midnight + datetime.timedelta(hours=23, minutes=59)
    )
    SystemLogEntry.objects.filter(pk=outside.pk).update(
        created_at=local_midnight - datetime.timedelta(minutes=1)
    )

    assert list(filter_entries(date_from=day, date_to=day)) == [inside]


def test_entries_come_newest_first():
    first = log()
    second = log()

    assert list(filter_entries()) == [second, first]


def test_an_entry_cannot_be_rewritten():
    entry = log()
    entry.outcome = Outcome.ERROR

    with pytest.raises(ValueError):
        entry.save()

    assert SystemLogEntry.objects.get().outcome == Outcome.SUCCESS

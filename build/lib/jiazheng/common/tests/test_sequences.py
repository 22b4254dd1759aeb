import threading
from datetime import date

import pytest
from django.db import connection, transaction
from freezegun import freeze_time

from jiazheng.common.models import Sequence
from jiazheng.common.sequences import next_number, next_yearly_number


@pytest.mark.django_db
def test_next_number_counts_up_per_prefix_and_day():
    day = date(2026, 12, 3)

    first = next_number(prefix="DD", day=day)
    second = next_number(prefix="DD", day=day)
    other_prefix = next_number(prefix="GD", day=day)

    assert (first, second, other_prefix) == (
        "DD202612030001",
        "DD202612030002",
        "GD202612030001",
    )


@pytest.mark.django_db
def test_next_number_starts_again_every_day():
    next_number(prefix="DD", day=date(2026, 12, 3))

    assert next_number(prefix="DD", day=date(2026, 12, 4)) == "DD202612040001"


@pytest.mark.django_db
def test_next_number_uses_the_local_date_by_default():
    # 2026-12-03 17:00 UTC is already 2026-12-04 01:00 in Shanghai
    with freeze_time("2026-12-03T17:00:00Z"):
        assert next_number(prefix="DD") == "DD202612040001"


@pytest.mark.django_db
def test_next_number_pads_to_the_width_and_grows_past_it():
    Sequence.objects.create(key="KA20261203", value=99)

    assert next_number(prefix="KA", width=2, day=date(2026, 12, 3)) == "KA20261203100"


@pytest.mark.django_db
def test_prefixes_sharing_a_key_share_the_counter():
    day = date(2026, 12, 3)

    next_number(prefix="A", key="shared", day=day)

    assert next_number(prefix="B", key="shared", day=day) == "B202612030002"


@pytest.mark.django_db
def test_next_yearly_number_counts_per_year():
    assert next_yearly_number(key="jz-fa", year=2026) == 1
    assert next_yearly_number(key="jz-fa", year=2026) == 2
    assert next_yearly_number(key="jz-fa", year=2027) == 1


@pytest.mark.django_db
def test_a_rolled_back_operation_gives_its_number_back():
    day = date(2026, 12, 3)
    next_number(prefix="DD", day=day)

    with pytest.raises(RuntimeError), transaction.atomic():
        next_number(prefix="DD", day=day)
        raise RuntimeError("order refused")

    assert next_number(prefix="DD", day=day) == "DD202612030002"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_servers_never_get_the_same_number():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    threads_count, per_thread = 8, 25
    numbers, errors = [], []
    barrier = threading.Barrier(threads_count)

    def take_numbers():
        try:
            barrier.wait()
            for _ in range(per_thread):
                # each in its own transaction, like separate requests
                with transaction.atomic():
                    numbers.append(next_number(prefix="DD", day=date(2026, 12, 3)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_numbers) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = threads_count * per_thread
    assert sorted(numbers) == [f"DD20261203{n:04d}" for n in range(1, total + 1)]

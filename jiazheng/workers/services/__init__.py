"""Operations that change workers and their records.

One module per use case; the functions are re-exported here so callers write
``from jiazheng.workers.services import create_worker``.
"""

from jiazheng.workers.services.profiles import (
    activate_worker,
    create_worker,
    deactivate_worker,
    update_worker,
)
from jiazheng.workers.services.ratings import record_rating
from jiazheng.workers.services.records import (
    add_certificate,
    record_background_check,
    record_health_certificate,
    record_trial_work,
)
from jiazheng.workers.services.schedule import (
    add_leave,
    cancel_leave,
    set_weekly_availability,
)

__all__ = [
    "activate_worker",
    "add_certificate",
    "add_leave",
    "cancel_leave",
    "create_worker",
    "deactivate_worker",
    "record_background_check",
    "record_health_certificate",
    "record_rating",
    "record_trial_work",
    "set_weekly_availability",
    "update_worker",
]

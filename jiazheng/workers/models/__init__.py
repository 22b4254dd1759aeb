"""Worker profiles on top of the hr employee record, and their records.

A worker (服务人员 / 阿姨) is an employee of a provider or of the platform
with the profile below. Only the profile carries the organisation; the
records (certificates, checks, availability, leave) reach it through
their worker.
"""

from jiazheng.workers.models.changes import WorkerChange
from jiazheng.workers.models.profile import (
    COMPOUND_SURNAMES,
    RATING_PRIOR_MEAN,
    RATING_PRIOR_WEIGHT,
    ServiceMode,
    WorkerProfile,
)
from jiazheng.workers.models.records import (
    BackgroundCheck,
    Certificate,
    CheckResult,
    HealthCertificate,
    TrialWork,
)
from jiazheng.workers.models.schedule import Leave, Weekday, WeeklyAvailability

__all__ = [
    "COMPOUND_SURNAMES",
    "RATING_PRIOR_MEAN",
    "RATING_PRIOR_WEIGHT",
    "BackgroundCheck",
    "Certificate",
    "CheckResult",
    "HealthCertificate",
    "Leave",
    "ServiceMode",
    "TrialWork",
    "Weekday",
    "WeeklyAvailability",
    "WorkerChange",
    "WorkerProfile",
]

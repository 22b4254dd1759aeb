"""Franchise applications, provider showcases, fee standards and job postings."""

from jiazheng.providers.models.fees import ProviderServiceItem
from jiazheng.providers.models.franchise import (
    DOCUMENT_MAX_BYTES,
    ApplicationDocument,
    ApplicationEvent,
    FranchiseApplication,
)
from jiazheng.providers.models.jobs import JobApplication, JobPosting
from jiazheng.providers.models.showcase import ProviderProfile

__all__ = [
    "DOCUMENT_MAX_BYTES",
    "ApplicationDocument",
    "ApplicationEvent",
    "FranchiseApplication",
    "JobApplication",
    "JobPosting",
    "ProviderProfile",
    "ProviderServiceItem",
]

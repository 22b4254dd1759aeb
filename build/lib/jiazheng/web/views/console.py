"""The console home: greeting, the menu as tiles and the counts for the role."""

import datetime
from dataclasses import dataclass

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import IdentityVerification, Role
from jiazheng.accounts.tenancy import scope
from jiazheng.audit.models import Outcome
from jiazheng.audit.queries import filter_entries
from jiazheng.catalog.models import ServiceItem
from jiazheng.providers.models import (
    FranchiseApplication,
    JobApplication,
    JobPosting,
    ProviderServiceItem,
)
from jiazheng.web.access import console_view
from jiazheng.web.console_menu import menu_for

RECENT_DAYS = 7


@dataclass
class Count:
    label: str
    value: int
    url_name: str = ""
    url: str = ""


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def _platform_counts(roles):
    counts = []
    if roles & {Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.AUDITOR}:
        counts.append(
            Count(
                _("待审核加盟申请"),
                FranchiseApplication.objects.filter(
                    status=FranchiseApplication.Status.SUBMITTED
                ).count(),
                "providers_console:application_list",
            )
        )
    if roles & {Role.PLATFORM_ADMIN, Role.DISPATCHER}:
        counts.append(
            Count(
                _("待审核实名认证"),
                IdentityVerification.objects.filter(
                    status=IdentityVerification.Status.PENDING
                ).count(),
                "accounts_console:verification_list",
            )
        )
    if roles & {Role.PLATFORM_ADMIN, Role.EDITOR}:
        counts.append(
            Count(
                _("启用的服务项目"),
                ServiceItem.objects.filter(is_active=True).count(),
                "catalog_console:item_list",
            )
        )
    if roles & {Role.PLATFORM_ADMIN, Role.AUDITOR}:
        today = timezone.localdate()
        counts.append(
            Count(
                _("今日登录失败"),
                filter_entries(function="login_failed", date_from=today).count(),
                "web:audit_log",
            )
        )
        counts.append(
            Count(
                _("今日被拒绝的请求"),
                filter_entries(outcome=Outcome.DENIED, date_from=today).count(),
                "web:audit_log",
            )
        )
    return counts


def _provider_counts(user, roles):
    """Count the rows of the user's own provider (platform staff see them all)."""
    if not roles & {Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF}:
        return []
    counts = [
        Count(
            _("已发布的收费标准"),
            scope(ProviderServiceItem.objects.filter(is_published=True), user).count(),
            "providers_console:fee_list",
        ),
        Count(
            _("招聘中的职位"),
            scope(
                JobPosting.objects.filter(status=JobPosting.Status.OPEN), user
            ).count(),
            "providers_console:job_list",
        ),
    ]
    if Role.PROVIDER_ADMIN in roles:
        since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
        counts.append(
            Count(
                _("近7天求职申请"),
                scope(
                    JobApplication.objects.filter(created_at__gte=since), user
                ).count(),
                "providers_console:job_application_list",
            )
        )
    return counts


@console_view()
def console_home(request):
    """Greet the staff member and show what needs attention for their roles."""
    roles = request.console_roles
    counts = _platform_counts(roles) + _provider_counts(request.user, roles)
    for count in counts:
        count.url = _url(count.url_name)
    tiles = [
        entry for entry in menu_for(roles) if entry["url_name"] != "web:console_home"
    ]
    role_labels = [Role(role).label for role in sorted(roles)]
    return render(
        request,
        "web/console_home.html",
        {"counts": counts, "tiles": tiles, "role_labels": role_labels},
    )

"""The console menu: which entries each staff role sees.

A role counts only in the kind of organisation it belongs to: "dispatcher"
in the platform organisation, "provider_admin" in a provider. Entries name
URLs of other apps; an entry whose URL does not resolve is left out rather
than breaking every page (web/tests/test_navigation.py checks they all
resolve).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import memberships_of

PLATFORM_CONSOLE_ROLES = frozenset(
    {
        Role.PLATFORM_ADMIN,
        Role.DISPATCHER,
        Role.CASHIER,
        Role.EDITOR,
        Role.AUDITOR,
        Role.OFFICE_STAFF,
    }
)
PROVIDER_CONSOLE_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_STAFF})

ADMIN = Role.PLATFORM_ADMIN
DISPATCHER = Role.DISPATCHER
EDITOR = Role.EDITOR
AUDITOR = Role.AUDITOR
PROVIDER_ADMIN = Role.PROVIDER_ADMIN
PROVIDER_STAFF = Role.PROVIDER_STAFF
ALL_CONSOLE_ROLES = PLATFORM_CONSOLE_ROLES | PROVIDER_CONSOLE_ROLES


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    icon: str
    roles: frozenset


MENU = (
    MenuEntry("web:console_home", _("控制台首页"), "house", ALL_CONSOLE_ROLES),
    MenuEntry(
        "providers_console:application_list",
        _("加盟申请审核"),
        "clipboard-check",
        frozenset({ADMIN, DISPATCHER}),
    ),
    MenuEntry(
        "accounts_console:verification_list",
        _("实名认证审核"),
        "person-check",
        frozenset({ADMIN, DISPATCHER}),
    ),
    MenuEntry(
        "accounts_console:organization_list",
        _("企业与组织"),
        "buildings",
        frozenset({ADMIN, DISPATCHER}),
    ),
    MenuEntry(
        "bookings_console:call_in",
        _("电话预约"),
        "telephone",
        frozenset({ADMIN, DISPATCHER}),
    ),
    MenuEntry(
        "bookings_console:order_list",
        _("订单"),
        "receipt",
        frozenset({ADMIN, DISPATCHER, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "dispatch:board",
        _("派工调度"),
        "signpost-split",
        frozenset({ADMIN, DISPATCHER, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "bookings_console:review_list",
        _("评价"),
        "star",
        frozenset({ADMIN, DISPATCHER, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "cards_console:card_list",
        _("会员卡"),
        "credit-card",
        frozenset({ADMIN, Role.CASHIER, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "cards_console:stats_statement",
        _("会员卡统计"),
        "bar-chart",
        frozenset({ADMIN, Role.CASHIER, AUDITOR, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "customers_console:customer_list",
        _("客户档案"),
        "person-lines-fill",
        frozenset({ADMIN, DISPATCHER}),
    ),
    MenuEntry(
        "workers_console:worker_list",
        _("服务人员"),
        "person-workspace",
        frozenset({ADMIN, DISPATCHER, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "hr_console:employee_list",
        _("人事管理"),
        "person-badge",
        frozenset({ADMIN, Role.OFFICE_STAFF, PROVIDER_ADMIN}),
    ),
    MenuEntry(
        "catalog_console:category_list",
        _("服务分类"),
        "diagram-3",
        frozenset({ADMIN, DISPATCHER, EDITOR}),
    ),
    MenuEntry(
        "catalog_console:item_list",
        _("服务项目与指导价"),
        "tags",
        frozenset({ADMIN, DISPATCHER, EDITOR}),
    ),
    MenuEntry(
        "catalog_console:holiday_list",
        _("节假日与价格规则"),
        "calendar3",
        frozenset({ADMIN, DISPATCHER, EDITOR}),
    ),
    MenuEntry(
        "providers_console:profile_list",
        _("企业展示"),
        "shop",
        frozenset({ADMIN, PROVIDER_ADMIN}),
    ),
    MenuEntry(
        "providers_console:fee_list",
        _("收费标准"),
        "cash-coin",
        frozenset({ADMIN, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "providers_console:job_list",
        _("招聘职位"),
        "briefcase",
        frozenset({ADMIN, PROVIDER_ADMIN, PROVIDER_STAFF}),
    ),
    MenuEntry(
        "providers_console:job_application_list",
        _("求职申请"),
        "person-lines-fill",
        frozenset({ADMIN, PROVIDER_ADMIN}),
    ),
    MenuEntry(
        "accounts_console:user_list",
        _("用户"),
        "people",
        frozenset({ADMIN, AUDITOR, PROVIDER_ADMIN}),
    ),
    MenuEntry(
        "web:audit_log",
        _("系统日志"),
        "journal-text",
        frozenset({ADMIN, AUDITOR}),
    ),
)


def console_roles(user):
    """Return the staff roles that give ``user`` the console.

    A superuser counts as a platform administrator.
    """
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return frozenset({Role.PLATFORM_ADMIN})
    roles = set()
    for membership in memberships_of(user):
        kind = membership.organization.kind
        if (
            membership.role in PLATFORM_CONSOLE_ROLES
            and kind == Organization.Kind.PLATFORM
        ) or (
            membership.role in PROVIDER_CONSOLE_ROLES
            and kind == Organization.Kind.PROVIDER
        ):
            roles.add(Role(membership.role))
    return frozenset(roles)


def menu_for(roles):
    """Return the menu entries ``roles`` may see, as {label, url, icon, url_name}.

    The platform administrator sees every entry.
    """
    entries = []
    for entry in MENU:
        if Role.PLATFORM_ADMIN not in roles and not (entry.roles & roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {
                "label": entry.label,
                "url": url,
                "icon": entry.icon,
                "url_name": entry.url_name,
            }
        )
    return entries

"""Who may work the card counter, change card settings, or approve."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from jiazheng.accounts.models import Organization, Role
from jiazheng.accounts.tenancy import has_role, is_platform_staff, memberships_of

COUNTER_ROLES = (
    Role.PLATFORM_ADMIN,
    Role.CASHIER,
    Role.PROVIDER_ADMIN,
    Role.PROVIDER_STAFF,
)
# Settings, approvals and refunds: the people answerable for the money.
MANAGER_ROLES = (Role.PLATFORM_ADMIN, Role.CASHIER, Role.PROVIDER_ADMIN)
STATISTICS_ROLES = (*COUNTER_ROLES, Role.AUDITOR)


def can_work_counter(user):
    return user.is_authenticated and has_role(user, *COUNTER_ROLES)


def can_manage(user):
    return user.is_authenticated and has_role(user, *MANAGER_ROLES)


def can_see_statistics(user):
    return user.is_authenticated and has_role(user, *STATISTICS_ROLES)


def acting_organization(user):
    """Return the organisation whose cards the user opens and configures.

    The first organisation in which the user holds a card role; a superuser
    without one acts for the platform.
    """
    for membership in sorted(memberships_of(user), key=lambda m: m.pk):
        if membership.role in (*COUNTER_ROLES, Role.AUDITOR):
            return membership.organization
    if user.is_superuser or is_platform_staff(user):
        return Organization.objects.filter(kind=Organization.Kind.PLATFORM).first()
    return None


def staff_view(check):
    """Decorate a console view: sign in first, then pass ``check`` or get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


counter_view = staff_view(can_work_counter)
manager_view = staff_view(can_manage)
statistics_view = staff_view(can_see_statistics)

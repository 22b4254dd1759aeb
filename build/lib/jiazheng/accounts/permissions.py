"""Role checks for console views and API endpoints.

Anonymous visitors are sent to the login page; signed-in users without one
of the roles get 403. Superusers pass every check (``tenancy.has_role``).
Rows of other organisations are a separate matter: fetch them through
``tenancy.scope`` / ``get_scoped_or_404`` so they answer 404.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from jiazheng.accounts.models import PLATFORM_STAFF_ROLES
from jiazheng.accounts.tenancy import has_role, is_platform_staff


def _allowed(user, roles, platform_only):
    if not user.is_authenticated:
        return False
    if platform_only and not is_platform_staff(user):
        return False
    return has_role(user, *roles) if roles else True


def role_required(*roles, platform_only=False):
    """Decorate a view: the user must hold one of ``roles``.

    With ``platform_only`` the role must be held in the platform
    organisation (a role group alone is not enough).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not _allowed(request.user, roles, platform_only):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RoleRequiredMixin:
    """Class-based view form of ``role_required``; set ``required_roles``."""

    required_roles = ()
    platform_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not _allowed(request.user, self.required_roles, self.platform_only):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PlatformStaffRequiredMixin(RoleRequiredMixin):
    required_roles = tuple(PLATFORM_STAFF_ROLES)
    platform_only = True


class HasRole(BasePermission):
    """DRF permission: ``permission_classes = [HasRole.of(Role.DISPATCHER)]``."""

    roles = ()
    platform_only = False

    @classmethod
    def of(cls, *roles, platform_only=False):
        return type(
            "HasRole",
            (cls,),
            {"roles": tuple(roles), "platform_only": platform_only},
        )

    def has_permission(self, request, view):
        return _allowed(request.user, self.roles, self.platform_only)

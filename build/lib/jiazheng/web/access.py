"""Who may open the console and its pages that web itself serves."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from jiazheng.accounts.models import Role
from jiazheng.web.console_menu import console_roles

NO_CONSOLE_MESSAGE = _(
    "控制台仅供平台职员和加盟企业职员使用。如需开通，请联系所在单位的管理员。"
)
NO_PAGE_MESSAGE = _("您的角色无权查看此页面。")


def console_view(*allowed_roles):
    """Require a signed-in user with a console role (one of ``allowed_roles``).

    Without ``allowed_roles`` any console role will do. A platform
    administrator may open every console page. Anonymous visitors go to the
    login page; others get a 403 page that says why.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            roles = console_roles(request.user)
            if not roles:
                raise PermissionDenied(NO_CONSOLE_MESSAGE)
            if allowed_roles and not roles & {*allowed_roles, Role.PLATFORM_ADMIN}:
                raise PermissionDenied(NO_PAGE_MESSAGE)
            request.console_roles = roles
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

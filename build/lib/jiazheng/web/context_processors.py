"""Template context shared by every page: the menus the user may see."""

from jiazheng.web.console_menu import console_roles, menu_for

_CACHE_ATTR = "_jiazheng_navigation"


def navigation(request):
    """Return ``nav_console``, ``console_menu`` and ``console_roles``.

    Computed once per request (one membership query at most), whatever the
    number of templates rendered.
    """
    cached = getattr(request, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    roles = console_roles(user) if user is not None else frozenset()
    context = {
        "nav_console": bool(roles),
        "console_roles": roles,
        "console_menu": menu_for(roles) if roles else [],
    }
    setattr(request, _CACHE_ATTR, context)
    return context

"""Template context shared by every page: the menus the user may see."""


def navigation(request):
    return {}

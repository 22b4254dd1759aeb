from django.urls import path

from jiazheng.web.views import console, portal, system_log

app_name = "web"
urlpatterns = [
    path("", portal.home, name="home"),
    path("search/", portal.search, name="search"),
    path("console/", console.console_home, name="console_home"),
    path("console/audit/", system_log.system_log, name="audit_log"),
    path(
        "console/audit/export/",
        system_log.system_log_export,
        name="audit_log_export",
    ),
]

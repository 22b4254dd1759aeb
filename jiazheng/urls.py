"""Top-level URLs: portal, console, office, API and admin."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerView,
)

api_v1 = [
    path("", include("jiazheng.accounts.api_urls")),
    path("", include("jiazheng.common.api_urls")),
    path("", include("jiazheng.catalog.api_urls")),
    path("", include("jiazheng.providers.api_urls")),
    path("", include("jiazheng.customers.api_urls")),
    path("", include("jiazheng.hr.api_urls")),
    path("", include("jiazheng.workers.api_urls")),
    path("", include("jiazheng.cards.api_urls")),
    path("", include("jiazheng.bookings.api_urls")),
    path("dispatch/", include("jiazheng.bookings.dispatch.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api:schema"),
        name="docs",
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include((api_v1, "api"))),
    path("accounts/", include("jiazheng.accounts.urls")),
    path("regions/", include("jiazheng.common.urls")),
    path("console/catalog/", include("jiazheng.catalog.console_urls")),
    path("console/providers/", include("jiazheng.providers.console_urls")),
    path("console/accounts/", include("jiazheng.accounts.console_urls")),
    path("console/customers/", include("jiazheng.customers.console_urls")),
    path("console/hr/", include("jiazheng.hr.console_urls")),
    path("console/workers/", include("jiazheng.workers.console_urls")),
    path("console/cards/", include("jiazheng.cards.console_urls")),
    path("console/bookings/", include("jiazheng.bookings.console_urls")),
    path("console/dispatch/", include("jiazheng.bookings.dispatch_urls")),
    path("workers/", include("jiazheng.workers.urls")),
    path("cards/", include("jiazheng.cards.urls")),
    path("bookings/", include("jiazheng.bookings.urls")),
    path("work/", include("jiazheng.bookings.work_urls")),
    path("services/", include("jiazheng.catalog.urls")),
    path("providers/", include("jiazheng.providers.urls")),
    path("", include("jiazheng.web.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

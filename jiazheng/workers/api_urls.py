from django.urls import include, path
from rest_framework.routers import SimpleRouter

from jiazheng.workers.api import public, staff

router = SimpleRouter()
router.register("workers", staff.WorkerViewSet, basename="worker")

urlpatterns = [
    path(
        "workers/expiring-health-certificates/",
        staff.ExpiringHealthCertificateListView.as_view(),
        name="worker-expiring-health-certificates",
    ),
    path(
        "workers/<id:pk>/public/",
        public.PublicWorkerView.as_view(),
        name="worker-public",
    ),
    path(
        "workers/<id:pk>/leaves/<id:leave_pk>/cancel/",
        staff.LeaveCancelView.as_view(),
        name="worker-leave-cancel",
    ),
    path("", include(router.urls)),
]

from django.urls import path

from jiazheng.workers.views import console_records, console_workers

app_name = "workers_console"
urlpatterns = [
    path("", console_workers.WorkerListView.as_view(), name="worker_list"),
    path("new/", console_workers.WorkerCreateView.as_view(), name="worker_create"),
    path("expiring/", console_records.ExpiringListView.as_view(), name="expiring"),
    path("<id:pk>/", console_workers.WorkerDetailView.as_view(), name="worker_detail"),
    path("<id:pk>/edit/", console_workers.WorkerEditView.as_view(), name="worker_edit"),
    path(
        "<id:pk>/status/",
        console_workers.WorkerStatusView.as_view(),
        name="worker_status",
    ),
    path(
        "<id:pk>/availability/",
        console_records.AvailabilityEditView.as_view(),
        name="availability_edit",
    ),
    path(
        "<id:pk>/certificates/new/",
        console_records.CertificateCreateView.as_view(),
        name="certificate_create",
    ),
    path(
        "<id:pk>/health-certificates/new/",
        console_records.HealthCertificateCreateView.as_view(),
        name="health_certificate_create",
    ),
    path(
        "<id:pk>/background-checks/new/",
        console_records.BackgroundCheckCreateView.as_view(),
        name="background_check_create",
    ),
    path(
        "<id:pk>/trial-works/new/",
        console_records.TrialWorkCreateView.as_view(),
        name="trial_work_create",
    ),
    path(
        "<id:pk>/leaves/new/",
        console_records.LeaveCreateView.as_view(),
        name="leave_create",
    ),
    path(
        "leaves/<id:pk>/cancel/",
        console_records.LeaveCancelView.as_view(),
        name="leave_cancel",
    ),
    path(
        "scans/<slug:kind>/<id:pk>/",
        console_records.ScanView.as_view(),
        name="scan",
    ),
]

from django.urls import path

from jiazheng.providers.views import (
    console_fees,
    console_jobs,
    console_profiles,
    console_review,
)

app_name = "providers_console"
urlpatterns = [
    path(
        "applications/",
        console_review.ApplicationListView.as_view(),
        name="application_list",
    ),
    path(
        "applications/<id:pk>/",
        console_review.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "applications/<id:pk>/approve/",
        console_review.ApproveView.as_view(),
        name="application_approve",
    ),
    path(
        "applications/<id:pk>/reject/",
        console_review.RejectView.as_view(),
        name="application_reject",
    ),
    path(
        "applications/documents/<id:pk>/",
        console_review.ApplicationDocumentView.as_view(),
        name="application_document",
    ),
    path("fees/", console_fees.FeeListView.as_view(), name="fee_list"),
    path("fees/new/", console_fees.FeeCreateView.as_view(), name="fee_create"),
    path("fees/<id:pk>/", console_fees.FeeEditView.as_view(), name="fee_edit"),
    path(
        "fees/<id:pk>/publish/",
        console_fees.FeePublishView.as_view(),
        name="fee_publish",
    ),
    path("jobs/", console_jobs.JobListView.as_view(), name="job_list"),
    path("jobs/new/", console_jobs.JobCreateView.as_view(), name="job_create"),
    path("jobs/<id:pk>/", console_jobs.JobEditView.as_view(), name="job_edit"),
    path(
        "jobs/<id:pk>/status/",
        console_jobs.JobStatusView.as_view(),
        name="job_status",
    ),
    path(
        "job-applications/",
        console_jobs.JobApplicationListView.as_view(),
        name="job_application_list",
    ),
    path("profiles/", console_profiles.ProfileListView.as_view(), name="profile_list"),
    path(
        "profiles/<id:pk>/",
        console_profiles.ProfileEditView.as_view(),
        name="profile_edit",
    ),
    path(
        "profiles/<id:pk>/feature/",
        console_profiles.ProfileFeatureView.as_view(),
        name="profile_feature",
    ),
]

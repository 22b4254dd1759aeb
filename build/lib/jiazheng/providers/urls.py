from django.urls import path

from jiazheng.providers.views import franchise, jobs, showcase

app_name = "providers"
urlpatterns = [
    path("", showcase.ProviderListView.as_view(), name="provider_list"),
    path("<id:pk>/", showcase.ProviderDetailView.as_view(), name="provider_detail"),
    path("jobs/", jobs.JobListView.as_view(), name="job_list"),
    path("jobs/<id:pk>/", jobs.JobDetailView.as_view(), name="job_detail"),
    path("apply/", franchise.ApplyView.as_view(), name="apply"),
    path(
        "my-applications/",
        franchise.MyApplicationsView.as_view(),
        name="my_applications",
    ),
    path(
        "my-applications/<id:pk>/resubmit/",
        franchise.ResubmitView.as_view(),
        name="application_resubmit",
    ),
]

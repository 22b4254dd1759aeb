from django.urls import path

from jiazheng.workers.views.public import PublicWorkerView

app_name = "workers"
urlpatterns = [
    path("<id:pk>/", PublicWorkerView.as_view(), name="worker_detail"),
]

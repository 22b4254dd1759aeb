from django.urls import path

from jiazheng.common import views

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
]

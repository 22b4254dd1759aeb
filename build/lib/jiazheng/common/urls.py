from django.urls import path

from jiazheng.common import views

app_name = "regions"
urlpatterns = [
    path("children/", views.region_children, name="children"),
]

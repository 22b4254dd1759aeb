from django.urls import path

from jiazheng.catalog.views import public

app_name = "catalog"
urlpatterns = [
    path("", public.guidance_prices, name="guidance_prices"),
    path("<slug:code>/", public.category_detail, name="category_detail"),
]

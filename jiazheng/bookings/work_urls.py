from django.urls import path

from jiazheng.bookings.views import work

app_name = "work"
urlpatterns = [
    path("", work.today, name="today"),
    path("work-orders/<int:pk>/check-in/", work.check_in, name="check_in"),
    path("work-orders/<int:pk>/check-out/", work.check_out, name="check_out"),
    path("work-orders/<int:pk>/done/", work.mark_done, name="done"),
]

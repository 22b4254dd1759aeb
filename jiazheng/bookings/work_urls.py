from django.urls import path

from jiazheng.bookings.views import work

app_name = "work"
urlpatterns = [
    path("", work.today, name="today"),
    path("work-orders/<id:pk>/check-in/", work.check_in, name="check_in"),
    path("work-orders/<id:pk>/check-out/", work.check_out, name="check_out"),
    path("work-orders/<id:pk>/done/", work.mark_done, name="done"),
    path("grab/", work.grab_list, name="grab"),
    path("grab/<id:pk>/take/", work.grab_take, name="grab_take"),
]

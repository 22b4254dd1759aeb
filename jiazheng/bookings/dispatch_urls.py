"""Dispatch console pages (included at /console/dispatch/)."""

from django.urls import path

from jiazheng.bookings.dispatch import views

app_name = "dispatch"
urlpatterns = [
    path("", views.board, name="board"),
    path("day/", views.day, name="day"),
    path("orders/<id:pk>/", views.order_detail, name="order"),
    path("orders/<id:pk>/confirm/", views.confirm, name="confirm"),
    path("orders/<id:pk>/assign/", views.assign, name="assign"),
    path("orders/<id:pk>/grab/", views.offer_for_grab, name="offer_for_grab"),
    path("orders/<id:pk>/replace/", views.replace, name="replace"),
    path("work-orders/<id:pk>/print/", views.work_order_print, name="work_order_print"),
    path("work-orders/<id:pk>/pdf/", views.work_order_pdf, name="work_order_pdf"),
    # The worker's grab pages moved to the phone area (/work/grab/).
    path("grab/", views.moved_to_work_area, name="grab"),
    path("grab/<id:pk>/take/", views.moved_to_work_area, name="take"),
]

from django.urls import path

from jiazheng.bookings.views import member, ranking

app_name = "bookings"
urlpatterns = [
    path("new/", member.book_new, name="new"),
    path("orders/", member.order_list, name="order_list"),
    path("orders/<id:pk>/", member.order_detail, name="order_detail"),
    path("orders/<id:pk>/again/", member.book_again, name="book_again"),
    path("orders/<id:pk>/cancel/", member.order_cancel, name="order_cancel"),
    path("orders/<id:pk>/confirm/", member.order_confirm, name="order_confirm"),
    path("orders/<id:pk>/review/", member.order_review, name="order_review"),
    path("orders/<id:pk>/stop-plan/", member.plan_stop, name="plan_stop"),
    path("ranking/", ranking.ranking, name="ranking"),
]

from django.urls import path

from jiazheng.bookings.views import console

app_name = "bookings_console"
urlpatterns = [
    path("call-in/", console.call_in, name="call_in"),
    path("call-in/caller/", console.call_in_lookup, name="call_in_lookup"),
    path("orders/", console.order_list, name="order_list"),
    path("orders/<id:pk>/", console.order_detail, name="order_detail"),
    path("orders/<id:pk>/confirm/", console.order_confirm, name="order_confirm"),
    path("orders/<id:pk>/cancel/", console.order_cancel, name="order_cancel"),
    path("orders/<id:pk>/complete/", console.order_complete, name="order_complete"),
    path("orders/<id:pk>/survey/", console.order_survey, name="order_survey"),
    path("reviews/", console.review_list, name="review_list"),
]

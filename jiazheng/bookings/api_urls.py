from django.urls import path

from jiazheng.bookings.api import member, sms, worker

urlpatterns = [
    path("bookings/orders/", member.MyOrderListView.as_view(), name="my-order-list"),
    path(
        "bookings/orders/<int:pk>/",
        member.MyOrderDetailView.as_view(),
        name="my-order-detail",
    ),
    path(
        "bookings/orders/<int:pk>/cancel/",
        member.MyOrderCancelView.as_view(),
        name="my-order-cancel",
    ),
    path(
        "bookings/orders/<int:pk>/confirm-completion/",
        member.MyOrderConfirmCompletionView.as_view(),
        name="my-order-confirm-completion",
    ),
    path(
        "bookings/orders/<int:pk>/review/",
        member.MyOrderReviewView.as_view(),
        name="my-order-review",
    ),
    path(
        "bookings/orders/<int:pk>/book-again/",
        member.MyOrderBookAgainView.as_view(),
        name="my-order-book-again",
    ),
    path(
        "work/work-orders/today/",
        worker.MyWorkOrdersTodayView.as_view(),
        name="my-work-orders-today",
    ),
    path(
        "work/work-orders/<int:pk>/check-in/",
        worker.CheckInView.as_view(),
        name="work-order-check-in",
    ),
    path(
        "work/work-orders/<int:pk>/check-out/",
        worker.CheckOutView.as_view(),
        name="work-order-check-out",
    ),
    path(
        "work/work-orders/<int:pk>/done/",
        worker.DoneView.as_view(),
        name="work-order-done",
    ),
    path("sms/inbound/", sms.InboundSmsView.as_view(), name="sms-inbound"),
]

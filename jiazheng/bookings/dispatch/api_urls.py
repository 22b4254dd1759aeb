"""Dispatch API (included at /api/v1/dispatch/ inside the "api" namespace)."""

from django.urls import path

from jiazheng.bookings.dispatch import api

urlpatterns = [
    path(
        "orders/<id:pk>/suggestions/",
        api.SuggestionsView.as_view(),
        name="dispatch-suggestions",
    ),
    path("orders/<id:pk>/assign/", api.AssignView.as_view(), name="dispatch-assign"),
    path(
        "orders/<id:pk>/grab-offer/",
        api.OpenGrabView.as_view(),
        name="dispatch-open-grab",
    ),
    path(
        "orders/<id:pk>/replacement/",
        api.ReplacementView.as_view(),
        name="dispatch-replacement",
    ),
    path("day/", api.DayView.as_view(), name="dispatch-day"),
    path("grab-offers/", api.GrabOffersView.as_view(), name="dispatch-grab-offers"),
    path(
        "grab-offers/<id:pk>/take/",
        api.TakeGrabView.as_view(),
        name="dispatch-grab-take",
    ),
]

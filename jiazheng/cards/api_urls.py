from django.urls import path

from jiazheng.cards.api import views as api

urlpatterns = [
    path("cards/", api.CardsView.as_view(), name="card-list"),
    path("cards/<id:pk>/", api.CardDetailView.as_view(), name="card-detail"),
    path("cards/<id:pk>/entries/", api.CardEntriesView.as_view(), name="card-entries"),
    path("cards/<id:pk>/top-ups/", api.TopUpView.as_view(), name="card-top-up"),
    path("cards/<id:pk>/payments/", api.PayView.as_view(), name="card-pay"),
    path("cards/<id:pk>/freeze/", api.FreezeView.as_view(), name="card-freeze"),
    path("cards/<id:pk>/unfreeze/", api.UnfreezeView.as_view(), name="card-unfreeze"),
    path("cards/<id:pk>/replace/", api.ReplaceView.as_view(), name="card-replace"),
    path("cards/<id:pk>/close/", api.CloseView.as_view(), name="card-close"),
    path("cards/<id:pk>/feedback/", api.FeedbackView.as_view(), name="card-feedback"),
    path(
        "card-entries/<id:pk>/refunds/",
        api.RefundView.as_view(),
        name="card-entry-refund",
    ),
    path("card-items/", api.CardItemListView.as_view(), name="card-item-list"),
]

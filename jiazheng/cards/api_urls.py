from django.urls import path

from jiazheng.cards.api import approvals, counter
from jiazheng.cards.api import settings as card_settings
from jiazheng.cards.api import views as api

urlpatterns = [
    path("cards/", api.CardsView.as_view(), name="card-list"),
    path("cards/<id:pk>/", api.CardDetailView.as_view(), name="card-detail"),
    path("cards/<id:pk>/entries/", api.CardEntriesView.as_view(), name="card-entries"),
    path("cards/<id:pk>/top-ups/", counter.TopUpView.as_view(), name="card-top-up"),
    path("cards/<id:pk>/payments/", counter.PayView.as_view(), name="card-pay"),
    path("cards/<id:pk>/freeze/", counter.FreezeView.as_view(), name="card-freeze"),
    path(
        "cards/<id:pk>/unfreeze/", counter.UnfreezeView.as_view(), name="card-unfreeze"
    ),
    path("cards/<id:pk>/replace/", counter.ReplaceView.as_view(), name="card-replace"),
    path(
        "cards/<id:pk>/reactivate/",
        counter.ReactivateView.as_view(),
        name="card-reactivate",
    ),
    path("cards/<id:pk>/close/", counter.CloseView.as_view(), name="card-close"),
    path("cards/<id:pk>/feedback/", api.FeedbackView.as_view(), name="card-feedback"),
    path(
        "card-entries/<id:pk>/refunds/",
        counter.RefundView.as_view(),
        name="card-entry-refund",
    ),
    path(
        "card-items/",
        card_settings.CardItemListView.as_view(),
        name="card-item-list",
    ),
    path(
        "card-items/<id:pk>/",
        card_settings.CardItemDetailView.as_view(),
        name="card-item-detail",
    ),
    path(
        "card-levels/",
        card_settings.CardLevelListView.as_view(),
        name="card-level-list",
    ),
    path(
        "card-levels/<id:pk>/",
        card_settings.CardLevelDetailView.as_view(),
        name="card-level-detail",
    ),
    path(
        "card-bonus-rules/",
        card_settings.BonusRuleListView.as_view(),
        name="card-bonus-rule-list",
    ),
    path(
        "card-bonus-rules/<id:pk>/",
        card_settings.BonusRuleDetailView.as_view(),
        name="card-bonus-rule-detail",
    ),
    path(
        "card-operators/",
        card_settings.CardOperatorListView.as_view(),
        name="card-operator-list",
    ),
    path(
        "card-operators/<id:pk>/",
        card_settings.CardOperatorDetailView.as_view(),
        name="card-operator-detail",
    ),
    path(
        "card-approvals/",
        approvals.ApprovalListView.as_view(),
        name="card-approval-list",
    ),
    path(
        "card-approvals/<id:pk>/approve/",
        approvals.ApprovalApproveView.as_view(),
        name="card-approval-approve",
    ),
    path(
        "card-approvals/<id:pk>/reject/",
        approvals.ApprovalRejectView.as_view(),
        name="card-approval-reject",
    ),
]

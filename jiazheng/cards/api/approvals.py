"""Second-person approval of refunds and adjustments over the API.

The same rules as the console's approval page: managers (MANAGER_ROLES) of
the card's organisation list the pending requests and approve or reject
them; the one who asked cannot decide; approving carries the operation out.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from jiazheng.accounts.permissions import HasRole
from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards.access import MANAGER_ROLES
from jiazheng.cards.api.idempotency import IDEMPOTENCY_HEADER, idempotent
from jiazheng.cards.api.serializers import (
    CardApprovalDecisionSerializer,
    CardApprovalSerializer,
)
from jiazheng.cards.models import CardApproval, CardLedgerEntry
from jiazheng.cards.services import approvals


def _scoped(user):
    return scope(
        CardApproval.objects.select_related("card", "requested_by"),
        user,
        field="card__organization",
    )


class ApprovalListView(generics.ListAPIView):
    """GET the pending refunds, closings and adjustments, oldest first."""

    serializer_class = CardApprovalSerializer
    permission_classes = [HasRole.of(*MANAGER_ROLES)]

    def get_queryset(self):
        return (
            _scoped(self.request.user)
            .filter(status=CardApproval.Status.PENDING)
            .order_by("created_at", "id")
        )


class _DecisionView(APIView):
    permission_classes = [HasRole.of(*MANAGER_ROLES)]
    approve = True

    @extend_schema(
        parameters=[IDEMPOTENCY_HEADER],
        request=None,
        responses={200: CardApprovalDecisionSerializer},
    )
    def post(self, request, pk):
        # Another organisation's request answers 404 before the key is asked.
        approval = get_scoped_or_404(
            CardApproval.objects.all(),
            request.user,
            field="card__organization",
            pk=pk,
        )
        return self._decide(request, approval)

    @idempotent
    def _decide(self, request, approval, key):
        result = approvals.decide(
            approval=approval, approver=request.user, approve=self.approve
        )
        approval.refresh_from_db()
        approval.entry = result if isinstance(result, CardLedgerEntry) else None
        return Response(CardApprovalDecisionSerializer(approval).data)


class ApprovalApproveView(_DecisionView):
    """Approve a request and carry it out (a second staff member only)."""

    approve = True


class ApprovalRejectView(_DecisionView):
    """Reject a request; nothing changes on the card."""

    approve = False

"""The public worker profile over the API."""

from rest_framework.generics import RetrieveAPIView
from rest_framework.permissions import AllowAny

from jiazheng.workers.api.serializers import PublicWorkerSerializer
from jiazheng.workers.queries import public_workers


class PublicWorkerView(RetrieveAPIView):
    """A worker as a family sees them before booking; no personal data."""

    permission_classes = [AllowAny]
    serializer_class = PublicWorkerSerializer

    def get_queryset(self):
        return public_workers().prefetch_related("skills", "districts")

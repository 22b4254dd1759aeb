"""The public page of a worker: what a family may know before booking."""

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from jiazheng.workers.queries import public_workers


class PublicWorkerView(TemplateView):
    """Name as 李阿姨, skills, years, rating and provider; no personal data."""

    template_name = "workers/worker_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        worker = get_object_or_404(public_workers(), pk=self.kwargs["pk"])
        context.update(
            worker=worker,
            skills=worker.skills.filter(is_active=True).select_related("category"),
            districts=worker.districts.all(),
        )
        return context

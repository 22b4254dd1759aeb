"""The public job board: open postings and applying to them (1.3.3)."""

import logging

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from jiazheng.common.errors import ServiceError
from jiazheng.providers import queries
from jiazheng.providers.forms import JobApplicationForm, ProviderFilterForm
from jiazheng.providers.services.jobs import apply_to_job
from jiazheng.providers.views.access import add_service_error

logger = logging.getLogger(__name__)


class JobListView(ListView):
    template_name = "providers/job_list.html"
    context_object_name = "postings"
    paginate_by = 20

    def get_queryset(self):
        self.filter_form = ProviderFilterForm(
            self.request.GET or None, district_choices=queries.posting_districts()
        )
        return queries.search_job_postings(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class JobDetailView(TemplateView):
    template_name = "providers/job_detail.html"

    def get_posting(self):
        return get_object_or_404(queries.open_job_postings(), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        posting = self.get_posting()
        return self.render_to_response(
            self.get_context_data(posting=posting, form=JobApplicationForm())
        )

    def post(self, request, *args, **kwargs):
        posting = self.get_posting()
        form = JobApplicationForm(request.POST)
        if form.is_valid():
            try:
                _application, created = apply_to_job(
                    posting=posting,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    message=form.cleaned_data["message"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                if created:
                    messages.success(
                        request, _("投递成功，企业会通过您留下的手机号与您联系。")
                    )
                else:
                    messages.info(
                        request,
                        _("这个手机号已投递过该职位，无需重复投递，请等待企业联系。"),
                    )
                return redirect("providers:job_detail", pk=posting.pk)
        return self.render_to_response(
            self.get_context_data(posting=posting, form=form)
        )

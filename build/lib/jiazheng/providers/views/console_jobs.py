"""The provider's job postings and the applications they received (1.3.3)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.converters import parse_id
from jiazheng.common.errors import ServiceError
from jiazheng.providers.forms import JobPostingForm
from jiazheng.providers.models import JobApplication, JobPosting
from jiazheng.providers.permissions import provider_of
from jiazheng.providers.services.jobs import (
    create_job_posting,
    set_job_posting_status,
    update_job_posting,
)
from jiazheng.providers.views.access import OfferManagerRequiredMixin, add_service_error


def visible_postings(user):
    return scope(
        JobPosting.objects.select_related("organization", "category", "region"), user
    )


class JobListView(OfferManagerRequiredMixin, ListView):
    template_name = "providers/console/job_list.html"
    context_object_name = "postings"
    paginate_by = 20

    def get_queryset(self):
        return (
            visible_postings(self.request.user)
            .annotate(application_count=Count("applications"))
            .order_by("-created_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["provider"] = provider_of(self.request.user)
        return context


class JobCreateView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/job_form.html"

    def get_provider(self):
        provider = provider_of(self.request.user)
        if provider is None:
            raise PermissionDenied
        return provider

    def get(self, request, *args, **kwargs):
        self.get_provider()
        return self.render_to_response(self.get_context_data(form=JobPostingForm()))

    def post(self, request, *args, **kwargs):
        provider = self.get_provider()
        form = JobPostingForm(request.POST)
        if form.is_valid():
            try:
                create_job_posting(
                    organization=provider,
                    data=form.data_for_service(),
                    actor=request.user,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("招聘信息已发布。"))
                return redirect("providers_console:job_list")
        return self.render_to_response(self.get_context_data(form=form))


class JobEditView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/job_form.html"

    def get_object(self):
        return get_scoped_or_404(
            visible_postings(self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        posting = self.get_object()
        return self.render_to_response(
            self.get_context_data(
                form=JobPostingForm(instance=posting), posting=posting
            )
        )

    def post(self, request, *args, **kwargs):
        posting = self.get_object()
        form = JobPostingForm(request.POST, instance=posting)
        if form.is_valid():
            try:
                update_job_posting(
                    posting=posting, data=form.data_for_service(), actor=request.user
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("招聘信息已更新。"))
                return redirect("providers_console:job_list")
        return self.render_to_response(
            self.get_context_data(form=form, posting=posting)
        )


class JobStatusView(OfferManagerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        posting = get_scoped_or_404(visible_postings(request.user), request.user, pk=pk)
        try:
            posting = set_job_posting_status(
                posting=posting, status=request.POST.get("status"), actor=request.user
            )
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("「%(title)s」状态已改为%(status)s。")
                % {"title": posting.title, "status": posting.get_status_display()},
            )
        return redirect("providers_console:job_list")


class JobApplicationListView(OfferManagerRequiredMixin, ListView):
    """Applications to the provider's postings; the provider sees full phones."""

    template_name = "providers/console/job_application_list.html"
    context_object_name = "job_applications"
    paginate_by = 30

    def get_queryset(self):
        applications = scope(
            JobApplication.objects.select_related("posting", "organization"),
            self.request.user,
        )
        posting = self.request.GET.get("posting", "")
        if parse_id(posting) is not None:
            applications = applications.filter(posting_id=parse_id(posting))
        return applications.order_by("-created_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = provider_of(self.request.user)
        # Phones in full only to the staff of the provider that was applied
        # to; anyone else looking (platform staff) sees them masked.
        context["rows"] = [
            (
                application,
                application.phone
                if provider is not None and application.organization_id == provider.pk
                else application.masked_phone,
            )
            for application in context["job_applications"]
        ]
        return context

"""The platform's review of franchise applications (1.3.1, OP-7)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.errors import ServiceError
from jiazheng.common.uploads import serve_private_file
from jiazheng.providers.forms import RejectForm
from jiazheng.providers.models import ApplicationDocument, FranchiseApplication
from jiazheng.providers.services.franchise import (
    approve_application,
    reject_application,
)
from jiazheng.providers.views.access import ReviewerRequiredMixin, add_service_error

Status = FranchiseApplication.Status


def reviewable(user):
    return scope(
        FranchiseApplication.objects.select_related(
            "organization", "applicant", "region", "reviewer", "provider"
        ),
        user,
    )


class ApplicationListView(ReviewerRequiredMixin, ListView):
    template_name = "providers/console/application_list.html"
    context_object_name = "applications"
    paginate_by = 20

    def get_status(self):
        status = self.request.GET.get("status", "")
        return status if status in Status.values else ""

    def get_queryset(self):
        applications = reviewable(self.request.user)
        status = self.get_status()
        if status:
            applications = applications.filter(status=status)
        return applications

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            scope(FranchiseApplication.objects.all(), self.request.user)
            .values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context["status_tabs"] = [
            (value, label, counts.get(value, 0)) for value, label in Status.choices
        ]
        context["current_status"] = self.get_status()
        return context


class ApplicationDetailView(ReviewerRequiredMixin, TemplateView):
    template_name = "providers/console/application_detail.html"

    def get_application(self):
        return get_scoped_or_404(
            reviewable(self.request.user).prefetch_related(
                "documents", "categories", "events__actor"
            ),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("application", self.get_application())
        context.setdefault("reject_form", RejectForm())
        return context


class ApproveView(ReviewerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_scoped_or_404(reviewable(request.user), request.user, pk=pk)
        try:
            approve_application(application=application, reviewer=request.user)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("已通过「%(company)s」的加盟申请，并已短信通知申请人。")
                % {"company": application.company_name},
            )
        return redirect("providers_console:application_detail", pk=pk)


class RejectView(ApplicationDetailView):
    http_method_names = ["post"]

    def post(self, request, pk):
        application = self.get_application()
        form = RejectForm(request.POST)
        if form.is_valid():
            try:
                reject_application(
                    application=application,
                    reviewer=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                if error.field == "reason":
                    add_service_error(form, error)
                else:
                    messages.error(request, str(error.message))
                    return redirect("providers_console:application_detail", pk=pk)
            else:
                messages.success(request, _("已退回该申请，并已短信通知申请人原因。"))
                return redirect("providers_console:application_detail", pk=pk)
        return self.render_to_response(
            self.get_context_data(application=application, reject_form=form)
        )


class ApplicationDocumentView(LoginRequiredMixin, View):
    """Serve an application's document to platform staff or the applying company."""

    http_method_names = ["get"]

    def get(self, request, pk):
        document = get_scoped_or_404(
            ApplicationDocument.objects.select_related("application"),
            request.user,
            field="application__organization",
            pk=pk,
        )
        return serve_private_file(document.file, download_name=document.original_name)

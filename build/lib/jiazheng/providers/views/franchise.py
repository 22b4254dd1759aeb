"""The enterprise's side of franchising: apply, follow, correct and resubmit."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.errors import ServiceError
from jiazheng.providers.forms import FranchiseApplicationForm
from jiazheng.providers.models import FranchiseApplication
from jiazheng.providers.permissions import enterprise_of
from jiazheng.providers.services.franchise import (
    resubmit_application,
    submit_application,
)
from jiazheng.providers.views.access import add_service_error


class EnterpriseMemberMixin(LoginRequiredMixin):
    """Let enterprise members in; tell everyone else how to become one."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.enterprise = enterprise_of(request.user)
        if self.enterprise is None:
            return self.response_class(
                request=request,
                template=["providers/apply_not_enterprise.html"],
                context={},
                using=self.template_engine,
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def own_applications(self):
        applications = FranchiseApplication.objects.filter(organization=self.enterprise)
        return scope(applications, self.request.user)


class ApplyView(EnterpriseMemberMixin, TemplateView):
    template_name = "providers/apply.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["open_application"] = (
            self.own_applications()
            .filter(status=FranchiseApplication.Status.SUBMITTED)
            .first()
        )
        context.setdefault("form", FranchiseApplicationForm())
        return context

    def post(self, request, *args, **kwargs):
        form = FranchiseApplicationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                submit_application(
                    applicant=request.user,
                    organization=self.enterprise,
                    data=form.data_for_service(),
                    documents=form.documents(),
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("加盟申请已提交，审核结果会以短信通知您。"))
                return redirect("providers:my_applications")
        return self.render_to_response(self.get_context_data(form=form))


class MyApplicationsView(EnterpriseMemberMixin, TemplateView):
    template_name = "providers/my_applications.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        applications = list(
            self.own_applications()
            .select_related("region", "provider")
            .prefetch_related("documents", "events")
        )
        context["applications"] = applications
        context["has_open"] = any(a.is_open for a in applications)
        return context


class ResubmitView(EnterpriseMemberMixin, TemplateView):
    template_name = "providers/resubmit.html"

    def get_application(self):
        return get_scoped_or_404(
            FranchiseApplication.objects.filter(organization=self.enterprise),
            self.request.user,
            pk=self.kwargs["pk"],
        )

    def get(self, request, *args, **kwargs):
        application = self.get_application()
        if application.status != FranchiseApplication.Status.REJECTED:
            messages.info(request, _("只有未通过的申请可以修改后重新提交。"))
            return redirect("providers:my_applications")
        form = FranchiseApplicationForm(instance=application, licence_required=False)
        return self.render_to_response(
            self.get_context_data(application=application, form=form)
        )

    def post(self, request, *args, **kwargs):
        application = self.get_application()
        form = FranchiseApplicationForm(
            request.POST,
            request.FILES,
            instance=application,
            licence_required=False,
        )
        if form.is_valid():
            try:
                resubmit_application(
                    application=application,
                    applicant=request.user,
                    data=form.data_for_service(),
                    documents=form.documents(),
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("申请已重新提交，请等待审核。"))
                return redirect("providers:my_applications")
        return self.render_to_response(
            self.get_context_data(application=application, form=form)
        )

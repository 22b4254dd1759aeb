"""Records on a worker's file: certificates, checks, week, leave, scans."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.common.errors import ServiceError
from jiazheng.common.uploads import serve_private_file
from jiazheng.workers.forms import (
    AvailabilityForm,
    BackgroundCheckForm,
    CertificateForm,
    HealthCertificateForm,
    LeaveForm,
    TrialWorkForm,
)
from jiazheng.workers.models import Certificate, HealthCertificate, Leave
from jiazheng.workers.queries import EXPIRY_WARNING_DAYS, expiring_health_certificates
from jiazheng.workers.services import (
    add_certificate,
    add_leave,
    cancel_leave,
    record_background_check,
    record_health_certificate,
    record_trial_work,
    set_weekly_availability,
)
from jiazheng.workers.views.access import (
    WorkersConsoleMixin,
    add_service_error,
    get_worker_or_404,
)


class RecordCreateView(WorkersConsoleMixin, TemplateView):
    """Add one record to a worker's file through its service."""

    template_name = "workers/console/record_form.html"
    form_class = None
    service = None
    title = ""
    success_message = ""
    with_files = False

    def get_form(self, worker):
        if self.request.method == "POST":
            files = self.request.FILES if self.with_files else None
            return self.form_class(self.request.POST, files)
        return self.form_class()

    def render_form(self, worker, form):
        return self.render_to_response(
            self.get_context_data(
                form=form, worker=worker, title=self.title, multipart=self.with_files
            )
        )

    def get(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        return self.render_form(worker, self.get_form(worker))

    def post(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        form = self.get_form(worker)
        if form.is_valid():
            try:
                record = type(self).service(
                    worker=worker, actor=request.user, **form.cleaned_data
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, self.success_message)
                if getattr(record, "is_expired", False):
                    messages.warning(request, _("注意：该证件已过期，请尽快办理新证。"))
                return redirect("workers_console:worker_detail", pk=worker.pk)
        return self.render_form(worker, form)


class CertificateCreateView(RecordCreateView):
    form_class = CertificateForm
    service = add_certificate
    with_files = True
    title = _("登记职业证书")
    success_message = _("证书已登记。")


class HealthCertificateCreateView(RecordCreateView):
    form_class = HealthCertificateForm
    service = record_health_certificate
    with_files = True
    title = _("登记健康证")
    success_message = _("健康证已登记。")


class BackgroundCheckCreateView(RecordCreateView):
    form_class = BackgroundCheckForm
    service = record_background_check
    title = _("登记背景调查")
    success_message = _("背景调查结果已登记。")


class TrialWorkCreateView(RecordCreateView):
    form_class = TrialWorkForm
    service = record_trial_work
    title = _("登记试工")
    success_message = _("试工结果已登记。")


class LeaveCreateView(RecordCreateView):
    form_class = LeaveForm
    service = add_leave
    title = _("登记请假")
    success_message = _("请假已登记。")


class LeaveCancelView(WorkersConsoleMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        leave = get_scoped_or_404(
            Leave.objects.select_related("worker__organization"),
            request.user,
            field="worker__organization",
            pk=pk,
        )
        try:
            cancel_leave(leave=leave, actor=request.user)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("请假已撤销。"))
        return redirect("workers_console:worker_detail", pk=leave.worker_id)


class AvailabilityEditView(WorkersConsoleMixin, TemplateView):
    template_name = "workers/console/availability_form.html"

    def get(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        form = AvailabilityForm(windows=worker.availability.all())
        return self.render_to_response(self.get_context_data(form=form, worker=worker))

    def post(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            try:
                set_weekly_availability(
                    worker=worker,
                    actor=request.user,
                    windows=form.cleaned_data["windows"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("每周可服务时间已保存。"))
                return redirect("workers_console:worker_detail", pk=worker.pk)
        return self.render_to_response(self.get_context_data(form=form, worker=worker))


class ExpiringListView(WorkersConsoleMixin, ListView):
    """Health certificates that run out within 30 days, or have run out."""

    template_name = "workers/console/expiring_list.html"
    context_object_name = "certificates"
    paginate_by = 50

    def get_queryset(self):
        certificates = expiring_health_certificates(within_days=EXPIRY_WARNING_DAYS)
        return scope(certificates, self.request.user, field="worker__organization")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(today=timezone.localdate(), days=EXPIRY_WARNING_DAYS)
        return context


SCAN_MODELS = {"certificate": Certificate, "health": HealthCertificate}


class ScanView(WorkersConsoleMixin, View):
    """Serve a certificate scan to those who may see the worker."""

    http_method_names = ["get"]

    def get(self, request, kind, pk):
        model = SCAN_MODELS.get(kind)
        if model is None:
            raise Http404
        record = get_scoped_or_404(
            model.objects.select_related("worker"),
            request.user,
            field="worker__organization",
            pk=pk,
        )
        return serve_private_file(
            record.scan, download_name=f"{kind}-{record.pk}{_suffix(record.scan)}"
        )


def _suffix(fieldfile):
    name = fieldfile.name or ""
    return name[name.rfind(".") :] if "." in name else ""

"""The workers' console: list, detail, create, edit, stop and resume."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from jiazheng.accounts.tenancy import organization_ids_for
from jiazheng.common.errors import ServiceError
from jiazheng.common.models import Region
from jiazheng.workers.forms import WorkerFilterForm, WorkerForm
from jiazheng.workers.permissions import managed_organizations
from jiazheng.workers.queries import (
    filter_health_status,
    health_status,
    with_health_expiry,
)
from jiazheng.workers.services import (
    activate_worker,
    create_worker,
    deactivate_worker,
    update_worker,
)
from jiazheng.workers.views.access import (
    WorkersConsoleMixin,
    add_service_error,
    get_worker_or_404,
    visible_workers,
)


class WorkerListView(WorkersConsoleMixin, ListView):
    template_name = "workers/console/worker_list.html"
    context_object_name = "workers"
    paginate_by = 20

    def get_filter_form(self):
        if not hasattr(self, "_filter_form"):
            districts = Region.objects.filter(
                code__in=visible_workers(self.request.user).values("districts__code")
            ).order_by("code")
            self._filter_form = WorkerFilterForm(
                self.request.GET or None, district_choices=districts
            )
        return self._filter_form

    def get_queryset(self):
        workers = with_health_expiry(visible_workers(self.request.user))
        form = self.get_filter_form()
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            query = data["q"].strip()
            if query:
                match = Q(employee__name__icontains=query)
                if query.isdigit():
                    match |= Q(employee__phone__contains=query)
                workers = workers.filter(match)
            if data["skill"]:
                workers = workers.filter(skills=data["skill"])
            if data["district"]:
                workers = workers.filter(districts=data["district"])
            if data["service_mode"]:
                workers = workers.filter(service_mode=data["service_mode"])
            if data["health"]:
                workers = filter_health_status(workers, data["health"])
            if data["active"]:
                workers = workers.filter(is_active=data["active"] == "yes")
        return workers.prefetch_related("skills").order_by("employee__name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for worker in context["workers"]:
            worker.health_status = health_status(worker.health_expires_on, today=today)
        query = self.request.GET.copy()
        query.pop("page", None)
        organization_ids = organization_ids_for(self.request.user)
        context.update(
            filter_form=self.get_filter_form(),
            query_string=query.urlencode(),
            can_create=managed_organizations(self.request.user).exists(),
            show_organization=organization_ids is None or len(organization_ids) > 1,
        )
        return context


class WorkerDetailView(WorkersConsoleMixin, TemplateView):
    template_name = "workers/console/worker_detail.html"

    def post(self, request, *args, **kwargs):
        # Another organisation's worker answers 404 whatever the method.
        get_worker_or_404(request.user, kwargs["pk"])
        return HttpResponseNotAllowed(["GET"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        worker = get_worker_or_404(self.request.user, self.kwargs["pk"])
        latest = worker.health_certificates.order_by("-expires_on", "-pk").first()
        context.update(
            worker=worker,
            skills=worker.skills.select_related("category"),
            districts=worker.districts.all(),
            health_certificates=worker.health_certificates.all(),
            latest_health=latest,
            health_status=health_status(latest.expires_on if latest else None),
            certificates=worker.certificates.all(),
            background_checks=worker.background_checks.all(),
            trial_works=worker.trial_works.select_related("item"),
            availability=worker.availability.all(),
            leaves=worker.leaves.order_by("-starts_at")[:20],
            changes=worker.changes.select_related("actor")[:20],
            now=timezone.now(),
        )
        return context


class WorkerCreateView(WorkersConsoleMixin, TemplateView):
    template_name = "workers/console/worker_form.html"

    def organizations(self):
        organizations = managed_organizations(self.request.user).order_by("name")
        if not organizations.exists():
            raise PermissionDenied
        return organizations

    def get(self, request, *args, **kwargs):
        form = WorkerForm(organizations=self.organizations())
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = WorkerForm(request.POST, organizations=self.organizations())
        if form.is_valid():
            try:
                worker = create_worker(actor=request.user, **form.service_arguments())
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("已为%(name)s建档，可用手机号登录。") % {"name": worker.name},
                )
                return redirect("workers_console:worker_detail", pk=worker.pk)
        return self.render_to_response(self.get_context_data(form=form))


class WorkerEditView(WorkersConsoleMixin, TemplateView):
    template_name = "workers/console/worker_form.html"

    def get(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        form = WorkerForm(worker=worker, initial=WorkerForm.initial_for(worker))
        return self.render_to_response(self.get_context_data(form=form, worker=worker))

    def post(self, request, *args, **kwargs):
        worker = get_worker_or_404(request.user, kwargs["pk"])
        form = WorkerForm(request.POST, worker=worker)
        if form.is_valid():
            try:
                update_worker(
                    worker=worker, actor=request.user, **form.service_arguments()
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("资料已保存。"))
                return redirect("workers_console:worker_detail", pk=worker.pk)
        return self.render_to_response(self.get_context_data(form=form, worker=worker))


class WorkerStatusView(WorkersConsoleMixin, View):
    """Stop a worker taking work, or let them resume."""

    http_method_names = ["post"]

    def post(self, request, pk):
        worker = get_worker_or_404(request.user, pk)
        try:
            if request.POST.get("active") == "yes":
                activate_worker(worker=worker, actor=request.user)
                messages.success(request, _("已恢复接单。"))
            else:
                deactivate_worker(
                    worker=worker,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("已停止接单。"))
        except ServiceError as error:
            messages.error(request, str(error.message))
        return redirect("workers_console:worker_detail", pk=worker.pk)

"""Access to the workers' console pages, and the rows they fetch."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.workers.models import WorkerProfile
from jiazheng.workers.permissions import can_view_workers


class WorkersConsoleMixin(LoginRequiredMixin):
    """Send anonymous visitors to log in; refuse users without a console role."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_view_workers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_workers(user):
    """Return the workers the user may see (their organisations' only)."""
    return scope(
        WorkerProfile.objects.select_related(
            "employee", "organization", "organization__region"
        ),
        user,
    )


def get_worker_or_404(user, pk):
    return get_scoped_or_404(visible_workers(user), user, pk=pk)


def add_service_error(form, error):
    """Show a refused service call on the form field it concerns."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))

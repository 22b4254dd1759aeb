"""Access checks shared by the providers' pages."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from jiazheng.providers.permissions import can_manage_offers, can_review_applications


class RoleCheckMixin(LoginRequiredMixin):
    """Send anonymous visitors to the login page and refuse the wrong role (403)."""

    def allowed(self, user):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReviewerRequiredMixin(RoleCheckMixin):
    def allowed(self, user):
        return can_review_applications(user)


class OfferManagerRequiredMixin(RoleCheckMixin):
    def allowed(self, user):
        return can_manage_offers(user)


def add_service_error(form, error):
    """Show a refused service call on the form field it concerns."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))

"""Providers' showcases in the console: edit one's own, feature on the home page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, is_platform_staff, scope
from jiazheng.common.errors import ServiceError
from jiazheng.providers.forms import ProviderProfileForm
from jiazheng.providers.models import ProviderProfile
from jiazheng.providers.permissions import can_edit_profile
from jiazheng.providers.services.showcase import set_featured, update_provider_profile
from jiazheng.providers.views.access import OfferManagerRequiredMixin, add_service_error


def visible_profiles(user):
    return scope(
        ProviderProfile.objects.select_related("organization", "organization__region"),
        user,
    )


class ProfileListView(OfferManagerRequiredMixin, ListView):
    template_name = "providers/console/profile_list.html"
    context_object_name = "profiles"
    paginate_by = 30

    def get_queryset(self):
        return visible_profiles(self.request.user).order_by("organization__name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_feature"] = is_platform_staff(self.request.user)
        return context


class ProfileEditView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/profile_form.html"

    def get_object(self):
        profile = get_scoped_or_404(
            visible_profiles(self.request.user),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        if not can_edit_profile(self.request.user, profile):
            raise PermissionDenied
        return profile

    def get(self, request, *args, **kwargs):
        profile = self.get_object()
        form = ProviderProfileForm(instance=profile)
        return self.render_to_response(
            self.get_context_data(form=form, profile=profile)
        )

    def post(self, request, *args, **kwargs):
        profile = self.get_object()
        form = ProviderProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            logo = form.cleaned_data.get("logo")
            try:
                update_provider_profile(
                    profile=profile,
                    introduction=form.cleaned_data["introduction"],
                    categories=form.cleaned_data["categories"],
                    districts=form.cleaned_data["districts"],
                    founded_year=form.cleaned_data["founded_year"],
                    # False means "clear the logo"; None means "keep it".
                    logo=logo if "logo" in form.changed_data else None,
                    actor=request.user,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("企业展示信息已更新。"))
                return redirect("providers_console:profile_list")
        return self.render_to_response(
            self.get_context_data(form=form, profile=profile)
        )


class ProfileFeatureView(OfferManagerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        profile = get_scoped_or_404(visible_profiles(request.user), request.user, pk=pk)
        featured = request.POST.get("featured") == "1"
        try:
            set_featured(profile=profile, is_featured=featured, actor=request.user)
        except ServiceError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("已设为推荐企业。") if featured else _("已取消推荐。"),
            )
        return redirect("providers_console:profile_list")

"""The provider's fee standards in the console (1.3.2)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.catalog.queries import guidance_warning
from jiazheng.common.errors import ServiceError
from jiazheng.providers.forms import ProviderItemForm
from jiazheng.providers.models import ProviderServiceItem
from jiazheng.providers.permissions import provider_of
from jiazheng.providers.services.fees import (
    create_provider_item,
    set_provider_item_published,
    update_provider_item,
)
from jiazheng.providers.views.access import OfferManagerRequiredMixin, add_service_error


def visible_items(user):
    return scope(
        ProviderServiceItem.objects.select_related(
            "organization", "item", "item__category"
        ),
        user,
    )


def warn_if_outside_guidance(request, provider_item):
    warning = guidance_warning(provider_item.item, provider_item.price)
    if warning:
        messages.warning(request, warning)


class FeeListView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/fee_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = visible_items(self.request.user).order_by(
            "organization__name", "item__category__sort_order", "item__sort_order"
        )
        context["rows"] = [(pi, guidance_warning(pi.item, pi.price)) for pi in items]
        context["provider"] = provider_of(self.request.user)
        return context


class FeeCreateView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/fee_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.provider = (
            provider_of(request.user) if request.user.is_authenticated else None
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.provider is None:
            raise PermissionDenied
        form = ProviderItemForm(organization=self.provider)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        if self.provider is None:
            raise PermissionDenied
        form = ProviderItemForm(request.POST, organization=self.provider)
        if form.is_valid():
            try:
                provider_item = create_provider_item(
                    organization=self.provider,
                    item=form.cleaned_data["item"],
                    price=form.cleaned_data["price"],
                    description=form.cleaned_data["description"],
                    is_published=form.cleaned_data["is_published"],
                    actor=request.user,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("收费标准已保存。"))
                warn_if_outside_guidance(request, provider_item)
                return redirect("providers_console:fee_list")
        return self.render_to_response(self.get_context_data(form=form))


class FeeEditView(OfferManagerRequiredMixin, TemplateView):
    template_name = "providers/console/fee_form.html"

    def get_object(self):
        return get_scoped_or_404(
            visible_items(self.request.user), self.request.user, pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider_item = context["provider_item"]
        context["warning"] = guidance_warning(provider_item.item, provider_item.price)
        return context

    def get(self, request, *args, **kwargs):
        provider_item = self.get_object()
        form = ProviderItemForm(instance=provider_item)
        return self.render_to_response(
            self.get_context_data(form=form, provider_item=provider_item)
        )

    def post(self, request, *args, **kwargs):
        provider_item = self.get_object()
        form = ProviderItemForm(request.POST, instance=provider_item)
        if form.is_valid():
            try:
                provider_item = update_provider_item(
                    provider_item=provider_item,
                    price=form.cleaned_data["price"],
                    description=form.cleaned_data["description"],
                    is_published=form.cleaned_data["is_published"],
                    actor=request.user,
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("收费标准已更新。"))
                warn_if_outside_guidance(request, provider_item)
                return redirect("providers_console:fee_list")
        provider_item.refresh_from_db()
        return self.render_to_response(
            self.get_context_data(form=form, provider_item=provider_item)
        )


class FeePublishView(OfferManagerRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        provider_item = get_scoped_or_404(
            visible_items(request.user), request.user, pk=pk
        )
        publish = request.POST.get("action") == "publish"
        set_provider_item_published(
            provider_item=provider_item, is_published=publish, actor=request.user
        )
        messages.success(
            request,
            _("已发布「%(item)s」。") % {"item": provider_item.item.name}
            if publish
            else _("已下架「%(item)s」。") % {"item": provider_item.item.name},
        )
        return redirect("providers_console:fee_list")

"""Public pages of the provider showcase (1.3.1, OP-7)."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView, TemplateView

from jiazheng.catalog.queries import guidance_warning
from jiazheng.providers import queries
from jiazheng.providers.forms import ProviderFilterForm


class ProviderListView(ListView):
    template_name = "providers/provider_list.html"
    context_object_name = "providers"
    paginate_by = 12

    def get_queryset(self):
        self.filter_form = ProviderFilterForm(
            self.request.GET or None, district_choices=queries.served_districts()
        )
        return queries.search_providers(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


def priced_items(provider_items):
    """Pair each fee standard with its guidance warning (None when inside)."""
    return [(pi, guidance_warning(pi.item, pi.price)) for pi in provider_items]


class ProviderDetailView(TemplateView):
    template_name = "providers/provider_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = get_object_or_404(
            queries.providers_with_offer(), organization_id=self.kwargs["pk"]
        )
        organization = profile.organization
        context.update(
            profile=profile,
            provider=organization,
            priced_items=priced_items(organization.published_items),
            postings=organization.open_postings,
        )
        return context

"""The portal home page and the site search."""

from django.shortcuts import render

from jiazheng.catalog.queries import category_tree, clean_search_term, search_items
from jiazheng.providers.queries import featured_providers, search_providers

FEATURED_PROVIDERS = 6
SEARCH_ITEMS_SHOWN = 30
SEARCH_PROVIDERS_SHOWN = 20


def home(request):
    """Show the search box, the category groups and the featured providers."""
    return render(
        request,
        "web/home.html",
        {
            "categories": list(category_tree()),
            "featured_providers": featured_providers(limit=FEATURED_PROVIDERS),
        },
    )


def search(request):
    """Find service items and providers whose names contain the search term."""
    q = clean_search_term(request.GET.get("q"))
    items, providers = [], []
    if q:
        items = list(search_items(q)[: SEARCH_ITEMS_SHOWN + 1])
        providers = list(search_providers(q=q)[: SEARCH_PROVIDERS_SHOWN + 1])
    return render(
        request,
        "web/search.html",
        {
            "q": q,
            "items": items[:SEARCH_ITEMS_SHOWN],
            "more_items": len(items) > SEARCH_ITEMS_SHOWN,
            "providers": providers[:SEARCH_PROVIDERS_SHOWN],
            "more_providers": len(providers) > SEARCH_PROVIDERS_SHOWN,
        },
    )

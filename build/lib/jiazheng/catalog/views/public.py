"""Public pages: the guidance prices of every service item (1.4.3)."""

from django.http import Http404
from django.shortcuts import render

from jiazheng.catalog.queries import (
    clean_search_term,
    get_active_category,
    group_items,
    search_items,
)


def guidance_prices(request):
    """Show every active item by category with its guidance price range."""
    q = clean_search_term(request.GET.get("q"))
    # One query: the items with their categories, grouped in memory.
    sections = group_items(search_items(q))
    return render(
        request,
        "catalog/guidance_prices.html",
        {"sections": sections, "q": q},
    )


def category_detail(request, code):
    """Show one category with its categories and items."""
    category = get_active_category(code)
    if category is None:
        raise Http404
    return render(request, "catalog/category_detail.html", {"category": category})

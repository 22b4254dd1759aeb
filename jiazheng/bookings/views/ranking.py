"""The public ranking of providers (OP-7)."""

from django.shortcuts import render

from jiazheng.bookings.queries import provider_ranking

SORTS = ("rating", "completed", "complaints", "price")


def ranking(request):
    sort = request.GET.get("sort")
    sort = sort if sort in SORTS else "rating"
    return render(
        request,
        "bookings/ranking.html",
        {"rows": provider_ranking(sort=sort), "sort": sort},
    )

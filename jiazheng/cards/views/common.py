"""Helpers shared by the card console pages: scoping, errors, paging."""

import uuid

from django.core.paginator import Paginator
from django.http import Http404

from jiazheng.accounts.tenancy import get_scoped_or_404, scope
from jiazheng.cards.models import Card, CardLedgerEntry

PER_PAGE = 50


def scoped_cards(user):
    return scope(Card.objects.select_related("customer", "level"), user)


def card_or_404(user, pk):
    return get_scoped_or_404(
        Card.objects.select_related("customer", "level", "organization"), user, pk=pk
    )


def entry_or_404(user, pk):
    return get_scoped_or_404(
        CardLedgerEntry.objects.select_related("card", "operator"),
        user,
        field="card__organization",
        pk=pk,
    )


def form_error(form, exc):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


def new_key():
    return uuid.uuid4().hex


def page_of(request, queryset, per_page=PER_PAGE):
    try:
        return Paginator(queryset, per_page).get_page(request.GET.get("page"))
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

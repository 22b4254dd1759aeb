"""Member self-service (3.6 item 5): my cards, statements and feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiazheng.cards import queries
from jiazheng.cards.forms import FeedbackForm
from jiazheng.cards.services.feedback import send_feedback
from jiazheng.cards.views.common import page_of
from jiazheng.common.errors import ServiceError


def _my_card(user, pk):
    card = queries.cards_of_member(user).filter(pk=pk).first()
    if card is None:
        raise Http404
    return card


@login_required
def my_cards(request):
    cards = queries.cards_of_member(request.user).order_by("-created_at")
    return render(request, "cards/portal/my_cards.html", {"cards": cards})


@login_required
def my_card(request, pk):
    card = _my_card(request.user, pk)
    entries = card.entries.order_by("-seq")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            send_feedback(
                card=card, author=request.user, text=form.cleaned_data["text"]
            )
        except ServiceError as exc:
            form.add_error("text", str(exc.message))
        else:
            messages.success(request, _("感谢您的反馈，我们会尽快处理。"))
            return redirect("cards:my_card", pk=card.pk)
    return render(
        request,
        "cards/portal/my_card.html",
        {
            "card": card,
            "page": page_of(request, entries, per_page=20),
            "packages": card.packages.select_related("service_item"),
            "form": form,
        },
    )

"""Visit packages (次卡): bought from the balance, used one visit at a time."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards.models import EntryKind, PaymentMethod, VisitPackage
from jiazheng.cards.services.ledger import (
    append_entry,
    clean_amount,
    existing_entry,
    lock_card,
    log_operation,
    split_debit,
)
from jiazheng.cards.services.policy import policy_for
from jiazheng.cards.services.rules import ensure_usable, insufficient
from jiazheng.common.errors import ServiceError


def buy_package(
    *, card, service_item, visits, price, valid_days, operator, idempotency_key=""
):
    """Buy a visit package (次卡) from the card's balance; return the package."""
    if not isinstance(visits, int) or visits <= 0:
        raise ServiceError(_("次数须为正整数。"), code="invalid_visits", field="visits")
    if not isinstance(valid_days, int) or valid_days <= 0:
        raise ServiceError(
            _("有效天数须为正整数。"), code="invalid_days", field="valid_days"
        )
    price = clean_amount(price, field="price")
    with transaction.atomic():
        card = lock_card(card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.PACKAGE_PURCHASE)
        if done is not None:
            return done.package
        ensure_usable(card)
        if card.balance < price:
            raise insufficient(card, price)
        policy = policy_for(card.organization)
        principal, bonus = split_debit(card, price, policy.payment_order)
        package = VisitPackage.objects.create(
            card=card,
            service_item=service_item,
            visits_total=visits,
            visits_left=visits,
            price=price,
            principal_part=principal,
            bonus_part=bonus,
            expires_on=timezone.localdate() + timedelta(days=valid_days),
        )
        append_entry(
            card,
            kind=EntryKind.PACKAGE_PURCHASE,
            principal_delta=-principal,
            bonus_delta=-bonus,
            visits_delta=visits,
            package=package,
            operator=operator,
            method=PaymentMethod.BALANCE,
            items=[{"name": service_item.name, "quantity": visits}],
            idempotency_key=idempotency_key,
        )
        log_operation(
            organization=card.organization,
            card=card,
            operator=operator,
            action="buy_package",
            summary=_("购买次卡 %(number)s %(item)s×%(visits)s")
            % {"number": card.number, "item": service_item.name, "visits": visits},
        )
    return package


def use_visit(*, package, operator, idempotency_key="", reference=""):
    """Consume one visit of a package through the ledger; return the entry.

    An expired package refuses with its date; its unused visits are still
    given back in value when the card is closed.
    """
    with transaction.atomic():
        card = lock_card(package.card)
        done = existing_entry(card, idempotency_key, kind=EntryKind.VISIT)
        if done is not None:
            return done
        ensure_usable(card)
        package = VisitPackage.objects.select_for_update().get(pk=package.pk)
        if package.visits_left <= 0:
            raise ServiceError(_("次卡次数已用完。"), code="package_used_up")
        if package.expires_on < timezone.localdate():
            raise ServiceError(
                _("次卡已于 %(day)s 过期。") % {"day": package.expires_on},
                code="package_expired",
            )
        package.visits_left -= 1
        package.save(update_fields=["visits_left", "updated_at"])
        entry = append_entry(
            card,
            kind=EntryKind.VISIT,
            visits_delta=-1,
            package=package,
            operator=operator,
            items=[{"name": package.service_item.name, "quantity": 1}],
            reference=reference,
            idempotency_key=idempotency_key,
        )
    return entry

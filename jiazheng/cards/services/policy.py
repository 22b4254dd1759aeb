"""Each organisation's card rules, levels, bonuses, items and operators."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from jiazheng.cards.models import BonusRule, CardLevel, CardPolicy
from jiazheng.cards.models.settings import (
    ANONYMOUS_CAP_LIMIT,
    ANONYMOUS_MIN_VALIDITY_YEARS,
    NAMED_CAP_LIMIT,
)
from jiazheng.cards.services.ledger import log_operation
from jiazheng.common.errors import ServiceError

DEFAULT_LEVELS = [
    (CardLevel.Code.NORMAL, Decimal("100.00"), None),
    (CardLevel.Code.SENIOR, Decimal("95.00"), Decimal("3000.00")),
    (CardLevel.Code.VIP, Decimal("90.00"), Decimal("10000.00")),
]


def policy_for(organization):
    """Return the organisation's card rules, created with the defaults."""
    try:
        return CardPolicy.objects.get(organization=organization)
    except CardPolicy.DoesNotExist:
        try:
            with transaction.atomic():
                return CardPolicy.objects.create(organization=organization)
        except IntegrityError:
            return CardPolicy.objects.get(organization=organization)


def ensure_levels(organization):
    """Return the organisation's levels in rank order, creating the three."""
    levels = list(CardLevel.objects.filter(organization=organization))
    if not levels:
        for rank, (code, discount, upgrade_at) in enumerate(DEFAULT_LEVELS):
            CardLevel.objects.get_or_create(
                organization=organization,
                code=code,
                defaults={
                    "name": str(code.label),
                    "discount_percent": discount,
                    "upgrade_at": upgrade_at,
                    "rank": rank,
                },
            )
        levels = list(CardLevel.objects.filter(organization=organization))
    return sorted(levels, key=lambda level: level.rank)


def _changes(before, after, fields):
    return {
        name: [str(before.get(name)), str(after.get(name))]
        for name in fields
        if before.get(name) != after.get(name)
    }


def update_policy(*, policy, operator, **values):
    """Change an organisation's card rules within the 2012 limits."""
    named_cap = values.get("named_cap", policy.named_cap)
    anonymous_cap = values.get("anonymous_cap", policy.anonymous_cap)
    years = values.get("anonymous_validity_years", policy.anonymous_validity_years)
    if not Decimal(0) < named_cap <= NAMED_CAP_LIMIT:
        raise ServiceError(
            _("记名卡余额上限须大于零且不超过 %(limit)s 元。")
            % {"limit": NAMED_CAP_LIMIT},
            code="cap_out_of_range",
            field="named_cap",
        )
    if not Decimal(0) < anonymous_cap <= ANONYMOUS_CAP_LIMIT:
        raise ServiceError(
            _("不记名卡余额上限须大于零且不超过 %(limit)s 元。")
            % {"limit": ANONYMOUS_CAP_LIMIT},
            code="cap_out_of_range",
            field="anonymous_cap",
        )
    if years < ANONYMOUS_MIN_VALIDITY_YEARS:
        raise ServiceError(
            _("不记名卡有效期不得少于 %(years)s 年。")
            % {"years": ANONYMOUS_MIN_VALIDITY_YEARS},
            code="validity_too_short",
            field="anonymous_validity_years",
        )

    before = model_to_dict(policy)
    for name, value in values.items():
        setattr(policy, name, value)
    with transaction.atomic():
        policy.save()
        log_operation(
            organization=policy.organization,
            operator=operator,
            action="policy",
            summary=_("修改会员卡规则"),
            changes=_changes(before, model_to_dict(policy), values.keys()),
        )
    return policy


def save_setting(*, instance, operator, action, label):
    """Save a level, bonus rule, card item or operator and log the change."""
    if instance.pk:
        model = type(instance)
        before = model_to_dict(model.objects.get(pk=instance.pk))
    else:
        before = {}
    after = model_to_dict(instance)
    with transaction.atomic():
        instance.save()
        log_operation(
            organization=instance.organization,
            operator=operator,
            action=action,
            summary=f"{label}：{instance}",
            changes=_changes(before, after, after.keys() - {"id"}),
        )
    return instance


def active_bonus_rules(organization):
    return BonusRule.objects.filter(organization=organization, is_active=True)


def bonus_for(organization, amount):
    """Return the bonus of the best rule that ``amount`` reaches (OP-10)."""
    rule = (
        active_bonus_rules(organization)
        .filter(min_amount__lte=amount)
        .order_by("-min_amount", "-bonus")
        .first()
    )
    return rule.bonus if rule else Decimal("0.00")

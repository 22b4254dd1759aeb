"""How the tenancy walk makes and recognises each organisation-owned card model.

web/tests/test_tenancy_walk.py can take these entries into its ``WALK``
(``WALK.update(CARDS_WALK)``); test_tenancy.py walks them meanwhile.
"""

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import OrganizationFactory, make_provider_staff
from jiazheng.cards.models import (
    BonusRule,
    Card,
    CardItem,
    CardLevel,
    CardOperationLog,
    CardOperator,
    CardPolicy,
)
from jiazheng.cards.services.ledger import log_operation
from jiazheng.cards.services.policy import policy_for
from jiazheng.cards.tests.factories import (
    BonusRuleFactory,
    CardItemFactory,
    CardOperatorFactory,
    open_card,
)


def card_admin(organization):
    """Return a provider administrator: counter, settings and statistics."""
    return make_provider_staff(organization=organization, role=Role.PROVIDER_ADMIN)


def _level(organization, tag):
    return CardLevel.objects.create(
        organization=organization, code=CardLevel.Code.VIP, name=tag, rank=2
    )


# model: (make organisation, make viewer, make row(org, tag), marker(row))
CARDS_WALK = {
    Card: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: open_card(
            organization=org, kind=Card.Kind.ANONYMOUS, holder_name=tag
        ),
        lambda r: r.holder_name,
    ),
    CardLevel: (OrganizationFactory, card_admin, _level, lambda r: r.name),
    BonusRule: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: BonusRuleFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    CardItem: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: CardItemFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    CardOperator: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: CardOperatorFactory(organization=org, name=tag),
        lambda r: r.name,
    ),
    CardOperationLog: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: log_operation(
            organization=org, operator=None, action="edit", summary=tag
        ),
        lambda r: r.summary,
    ),
    CardPolicy: (
        OrganizationFactory,
        card_admin,
        lambda org, tag: policy_for(org),
        lambda r: r.organization.name,
    ),
}

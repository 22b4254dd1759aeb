from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "jiazheng.cards"
    label = "cards"
    verbose_name = _("会员卡")

    def ready(self):
        # Models and the registries they join can only be imported once the
        # app registry is ready, hence here rather than at the top.
        from jiazheng.accounts import tenancy
        from jiazheng.cards import models
        from jiazheng.notifications.sms_templates import register_template

        register_template(
            "card_paid",
            _("您的会员卡（尾号{tail}）消费{amount}元，余额{balance}元。"),
        )
        register_template(
            "card_topped_up",
            _(
                "您的会员卡（尾号{tail}）充值{amount}元，赠送{bonus}元，余额{balance}元。"
            ),
        )
        tenancy.register(
            models.Card,
            console_list="cards_console:card_list",
            console_detail="cards_console:card_detail",
            console_change="cards_console:card_edit",
            api_list="api:card-list",
            api_detail="api:card-detail",
        )
        tenancy.register(
            models.CardLevel,
            console_list="cards_console:level_list",
            console_change="cards_console:level_edit",
            api_list="api:card-level-list",
            api_detail="api:card-level-detail",
        )
        tenancy.register(
            models.BonusRule,
            console_list="cards_console:bonus_rule_list",
            console_change="cards_console:bonus_rule_edit",
            api_list="api:card-bonus-rule-list",
            api_detail="api:card-bonus-rule-detail",
        )
        tenancy.register(
            models.CardItem,
            console_list="cards_console:item_list",
            console_change="cards_console:item_edit",
            api_list="api:card-item-list",
            api_detail="api:card-item-detail",
        )
        tenancy.register(
            models.CardOperator,
            console_list="cards_console:operator_list",
            console_change="cards_console:operator_edit",
            api_list="api:card-operator-list",
            api_detail="api:card-operator-detail",
        )
        tenancy.register(
            models.CardOperationLog,
            console_list="cards_console:operation_log",
        )
        tenancy.register(
            models.CardPolicy,
            console_list="cards_console:policy_list",
            console_change="cards_console:policy_edit",
        )

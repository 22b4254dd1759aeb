from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jiazheng.accounts"
    label = "accounts"
    verbose_name = _("账户与组织")

    def ready(self):
        # Django's documented place to wire an app once models are loaded.
        from jiazheng.accounts import tenancy
        from jiazheng.accounts.models import Membership
        from jiazheng.accounts.roles import sync_roles_after_migrate

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="accounts.roles")
        tenancy.register(Membership, console_list="accounts_console:user_list")

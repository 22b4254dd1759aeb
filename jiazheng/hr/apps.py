from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HrConfig(AppConfig):
    name = "jiazheng.hr"
    label = "hr"
    verbose_name = _("人事")

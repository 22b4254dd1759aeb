from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkersConfig(AppConfig):
    name = "jiazheng.workers"
    label = "workers"
    verbose_name = _("服务人员")

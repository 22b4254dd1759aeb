from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jiazheng.audit"
    label = "audit"
    verbose_name = _("系统日志")

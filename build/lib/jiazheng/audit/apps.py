from django.apps import AppConfig
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "jiazheng.audit"
    label = "audit"
    verbose_name = _("系统日志")

    def ready(self):
        # The handlers use the log's models, which load only after the app
        # registry is ready.
        from jiazheng.audit import auth_events

        user_logged_in.connect(
            auth_events.on_logged_in, dispatch_uid="audit_user_logged_in"
        )
        user_logged_out.connect(
            auth_events.on_logged_out, dispatch_uid="audit_user_logged_out"
        )
        user_login_failed.connect(
            auth_events.on_login_failed, dispatch_uid="audit_user_login_failed"
        )

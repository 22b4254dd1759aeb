"""The system log: who did what, from which address, with what outcome."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")
    ERROR = "error", _("错误")


class SystemLogEntry(models.Model):
    """One request or sign-in event; written once, never changed or deleted.

    ``username`` and ``organization_id`` are snapshots taken when the event
    happened, so the entry still reads correctly after the user is renamed,
    moves organisation or is deleted. ``organization_id`` is a plain number
    because the log sits below accounts in the layers.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=64, blank=True)
    organization_id = models.BigIntegerField(_("组织编号"), null=True, blank=True)
    module = models.CharField(_("模块"), max_length=64, blank=True)
    function = models.CharField(_("功能"), max_length=128, blank=True)
    method = models.CharField(_("请求方法"), max_length=10, blank=True)
    path = models.CharField(_("路径"), max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=8, choices=Outcome.choices)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时(毫秒)"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=255, blank=True)
    detail = models.CharField(_("说明"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("系统日志")
        verbose_name_plural = _("系统日志")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="audit_user_created"),
            models.Index(fields=["module", "created_at"], name="audit_module_created"),
            models.Index(fields=["ip_address", "created_at"], name="audit_ip_created"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.function}"

    def save(self, *args, **kwargs):
        # The log is evidence: an entry is written once and never rewritten.
        if not self._state.adding:
            raise ValueError("system log entries cannot be changed")
        super().save(*args, **kwargs)

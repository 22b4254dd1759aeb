"""The change record of worker profiles and their records."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.workers.models.profile import WorkerProfile


class WorkerChange(models.Model):
    """One change to a worker: who did what, when, from what to what."""

    class Action(models.TextChoices):
        CREATE = "create", _("建档")
        UPDATE = "update", _("修改资料")
        DEACTIVATE = "deactivate", _("停止接单")
        ACTIVATE = "activate", _("恢复接单")
        CERTIFICATE = "certificate", _("登记证书")
        HEALTH_CERTIFICATE = "health_certificate", _("登记健康证")
        BACKGROUND_CHECK = "background_check", _("登记背景调查")
        TRIAL_WORK = "trial_work", _("登记试工")
        AVAILABILITY = "availability", _("设置每周可服务时间")
        LEAVE = "leave", _("登记请假")
        CANCEL_LEAVE = "cancel_leave", _("撤销请假")

    worker = models.ForeignKey(
        WorkerProfile,
        verbose_name=_("服务人员"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    action = models.CharField(_("操作"), max_length=32, choices=Action.choices)
    changes = models.JSONField(
        _("变更内容"),
        default=dict,
        blank=True,
        help_text=_("字段名到 [原值, 新值] 的映射，或所登记记录的摘要。"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("服务人员变更记录")
        verbose_name_plural = _("服务人员变更记录")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["worker", "created_at"])]

    def __str__(self):
        return f"{self.worker} {self.get_action_display()}"

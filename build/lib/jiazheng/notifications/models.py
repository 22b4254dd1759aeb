"""The SMS outbox: every text message the platform sends, with its delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.common.phone import mask_phone


class SmsMessage(models.Model):
    """One text message to one phone, written before it is handed to a provider.

    The row is the source of truth for delivery: the Celery task claims it
    with a guarded status change, so a message is sent at most once even when
    the task runs twice, and failed messages are retried from here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        # Claimed by a worker; next_attempt_at is then the end of the claim, so
        # a worker that died mid-send does not hold the message forever.
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败，待重试")
        GIVING_UP = "giving_up", _("已放弃")

    phone = models.CharField(_("手机号"), max_length=11)
    template = models.CharField(_("模板"), max_length=64)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    body = models.TextField(_("短信内容"))
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("发送次数"), default=0)
    provider_message_id = models.CharField(
        _("服务商回执编号"), max_length=64, blank=True
    )
    last_error = models.TextField(_("最近错误"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("短信")
        verbose_name_plural = _("短信")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["phone", "created_at"]),
        ]

    def __str__(self):
        return f"{mask_phone(self.phone)} {self.template} ({self.get_status_display()})"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)

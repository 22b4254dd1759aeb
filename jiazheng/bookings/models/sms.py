"""Every SMS the gateway passed up to the platform, with what came of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiazheng.bookings.models.orders import Booking


class InboundSms(models.Model):
    """One uplink message; ``message_id`` makes a replayed webhook a no-op."""

    class Outcome(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        HELP = "help", _("回复说明")
        REJECTED = "rejected", _("无法受理")

    message_id = models.CharField(_("消息编号"), max_length=64, unique=True)
    phone = models.CharField(_("手机号"), max_length=20)
    text = models.TextField(_("内容"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    booking = models.ForeignKey(
        Booking,
        verbose_name=_("预约"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inbound_sms",
    )
    reply_text = models.TextField(_("回复内容"), blank=True)
    outcome = models.CharField(
        _("处理结果"), max_length=16, choices=Outcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("上行短信")
        verbose_name_plural = _("上行短信")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return self.message_id

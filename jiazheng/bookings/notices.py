"""The SMS texts of bookings, registered with the outbox in ready()."""

from django.utils.translation import gettext_lazy as _

from jiazheng.notifications.sms_templates import register_template

TEMPLATES = {
    "order_confirmed": _(
        "您的订单{number}已确认：{item}，{time}。如需取消请在{deadline}前操作。"
    ),
    # Confirmed after the free-cancellation deadline (a same-day booking).
    "order_confirmed_late": _(
        "您的订单{number}已确认：{item}，{time}。已过免费取消时限，如需取消请致电服务中心。"
    ),
    "order_cancelled": _("您的订单{number}（{item}）已取消。"),
    "service_done": _(
        "订单{number}的服务已完成，请确认完成并评价；{hours}小时后将自动确认。"
    ),
    "sms_reply": _("{text}"),
}


def register_booking_templates():
    for key, text in TEMPLATES.items():
        register_template(key, text)

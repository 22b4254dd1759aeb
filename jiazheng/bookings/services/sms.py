"""Bookings and cancellations by SMS (1.4.2.2), from the gateway's webhook.

Every uplink message is kept as an InboundSms. The message id makes the
webhook idempotent: a replay returns the row of the first delivery and
sends nothing again.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiazheng.bookings import sms_grammar
from jiazheng.bookings.models import Booking, InboundSms, Order
from jiazheng.bookings.services.booking import create_booking
from jiazheng.bookings.services.orders import cancel_order, check_customer_deadline
from jiazheng.bookings.services.rules import district_served
from jiazheng.catalog.models import ServiceItem
from jiazheng.common.errors import ServiceError
from jiazheng.common.models import Region
from jiazheng.common.phone import mask_phone, normalize_mobile, validate_mobile
from jiazheng.customers.models import Customer
from jiazheng.customers.queries import customer_for_phone
from jiazheng.customers.services import add_address, create_customer
from jiazheng.notifications.services import send_sms

logger = logging.getLogger(__name__)

Outcome = InboundSms.Outcome
HINTS = {
    "unknown_command": gettext_lazy("无法识别的指令"),
    "too_short": gettext_lazy("预约信息不完整"),
    "date": gettext_lazy("日期无法识别"),
    "slot": gettext_lazy("时段无法识别"),
    "address": gettext_lazy("缺少服务地址"),
    "order_number": gettext_lazy("订单号格式不对"),
}


def help_text():
    return _(
        "短信预约格式：预约 服务项目 日期时段 地址，例如：预约 家庭保洁 12月5日上午 "
        "朝阳区建国路8号。取消订单：取消 订单号。"
    )


def handle_inbound_sms(*, message_id, phone, text, now=None):
    """Keep, parse and answer one uplink message; return its InboundSms row."""
    existing = InboundSms.objects.filter(message_id=message_id).first()
    if existing is not None:
        logger.info("inbound sms replayed", extra={"message_id": message_id})
        return existing
    try:
        with transaction.atomic():
            sms = InboundSms.objects.create(
                message_id=message_id, phone=phone, text=text
            )
            outcome, reply, booking = _process(sms, now or timezone.now())
            sms.outcome, sms.reply_text, sms.booking = outcome, reply, booking
            sms.save(update_fields=["outcome", "reply_text", "booking"])
            _reply(sms)
    except IntegrityError:
        # A concurrent delivery of the same message won; answer with its row.
        return InboundSms.objects.get(message_id=message_id)
    logger.info(
        "inbound sms handled",
        extra={
            "message_id": message_id,
            "phone": mask_phone(phone),
            "outcome": outcome,
        },
    )
    return sms


def _reply(sms):
    try:
        validate_mobile(normalize_mobile(sms.phone))
    except ValidationError:
        return
    send_sms(sms.phone, "sms_reply", text=sms.reply_text)


def _process(sms, now):
    """Return (outcome, reply text, booking or None); never raises ServiceError."""
    phone = normalize_mobile(sms.phone)
    try:
        validate_mobile(phone)
    except ValidationError:
        return Outcome.REJECTED, _("无法识别发信号码。"), None
    try:
        request = sms_grammar.parse(sms.text, today=timezone.localdate(now))
    except sms_grammar.GrammarError as exc:
        hint = HINTS.get(exc.hint, _("格式不对"))
        return Outcome.HELP, f"{hint}。{help_text()}", None
    if isinstance(request, sms_grammar.HelpRequest):
        return Outcome.HELP, help_text(), None
    try:
        with transaction.atomic():
            if isinstance(request, sms_grammar.CancelRequest):
                return _cancel(phone, request, now)
            return _book(phone, request, now)
    except ServiceError as exc:
        return (
            Outcome.REJECTED,
            _("未能受理：%(reason)s") % {"reason": exc.message},
            None,
        )


def _cancel(phone, request, now):
    order = (
        Order.objects.filter(number=request.order_number, customer__phone=phone)
        .select_related("customer", "item")
        .first()
    )
    if order is None:
        raise ServiceError(
            _("没有找到本号码的订单 %(number)s") % {"number": request.order_number},
            code="order_not_found",
        )
    check_customer_deadline(order, now=now)
    cancel_order(order=order, actor=None, reason=_("客户短信取消"))
    return (
        Outcome.CANCELLED,
        _("订单 %(number)s 已取消。") % {"number": order.number},
        None,
    )


def _find_item(name):
    items = ServiceItem.objects.filter(is_active=True, category__is_active=True)
    exact = list(items.filter(name=name)[:2])
    if len(exact) == 1:
        return exact[0]
    partial = list(items.filter(name__contains=name)[:2])
    if len(partial) == 1:
        return partial[0]
    raise ServiceError(
        _("没有找到服务项目“%(name)s”，请写出完整的项目名称") % {"name": name},
        code="unknown_item",
    )


def _find_region(address):
    """Return (district, detail) for an address that starts with a district."""
    candidates = []
    for region in Region.objects.filter(level=Region.Level.DISTRICT).only(
        "code", "name", "parent"
    ):
        full = region.full_name
        for prefix in (full, full[len(full) - len(region.name) :]):
            if address.startswith(prefix) and len(prefix) > 1:
                candidates.append((region, address[len(prefix) :]))
                break
    # 朝阳区 is in Beijing and in Changchun: prefer the districts served.
    served = [c for c in candidates if district_served(c[0])]
    chosen = served or candidates
    if len({c[0].pk for c in chosen}) != 1:
        raise ServiceError(
            _(
                "地址请以区县开头，例如“朝阳区建国路8号”；同名区县请加上城市，例如“北京市朝阳区…”"
            ),
            code="unknown_region",
        )
    return chosen[0]


def _customer_and_address(phone, address_text):
    customer = customer_for_phone(phone)
    if customer is not None:
        for address in customer.addresses.select_related("region"):
            if address_text in (address.full_address, address.detail) or (
                address_text.endswith(address.detail)
                and address_text.startswith(address.region.name)
            ):
                return customer, address
    region, detail = _find_region(address_text)
    if not detail:
        raise ServiceError(_("请写出详细地址（街道、门牌号）"), code="address")
    if customer is None:
        customer = create_customer(
            kind=Customer.Kind.FAMILY,
            name=_("短信客户%(last4)s") % {"last4": phone[-4:]},
            phone=phone,
            source=Customer.Source.SMS,
        )
    address = add_address(customer=customer, region=region, detail=detail)
    return customer, address


def _book(phone, request, now):
    item = _find_item(request.item_name)
    customer, address = _customer_and_address(phone, request.address)
    starts_at = timezone.make_aware(
        datetime.datetime.combine(request.day, request.start)
    )
    ends_at = timezone.make_aware(datetime.datetime.combine(request.day, request.end))
    order = create_booking(
        customer=customer,
        channel=Booking.Channel.SMS,
        item=item,
        address=address,
        starts_at=starts_at,
        ends_at=ends_at,
        now=now,
    )
    local = timezone.localtime(starts_at)
    reply = _(
        "已收到预约：%(item)s，%(time)s，%(address)s。订单号 %(number)s，"
        "客服确认后短信通知您。取消请回复：取消 %(number)s"
    ) % {
        "item": item.name,
        "time": date_format(local, "n月j日 H:i")
        + "–"
        + timezone.localtime(ends_at).strftime("%H:%M"),
        "address": address.full_address,
        "number": order.number,
    }
    return Outcome.BOOKED, reply, order.booking

"""Card statistics pages (3.6 item 3) with totals, Excel export and charts."""

from datetime import date, timedelta

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.cards import queries
from jiazheng.cards.access import statistics_view
from jiazheng.cards.exports import workbook, workbook_response
from jiazheng.cards.forms import DateRangeForm
from jiazheng.cards.models import EntryKind
from jiazheng.cards.views.common import page_of, query_without_page, scoped_cards

EXPORT_LIMIT = 100_000


def _range(request):
    form = DateRangeForm(request.GET or None)
    today = timezone.localdate()
    start, end, q = today.replace(day=1), today, ""
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
        q = form.cleaned_data["q"].strip()
    if start > end:
        start, end = end, start
    return form, start, end, q


def _cards(request, q):
    cards = scoped_cards(request.user)
    if q:
        cards = cards.filter(number=q) | cards.filter(customer__name__icontains=q)
    return cards


def _render(request, template, tab, **context):
    return render(
        request,
        f"cards/console/stats_{template}.html",
        {"tab": tab, "query": query_without_page(request), **context},
    )


def _wants_export(request):
    return request.GET.get("export") == "xlsx"


@statistics_view
def statement(request):
    form, start, end, q = _range(request)
    entries = queries.in_range(queries.entries_of(_cards(request, q)), start, end)
    rows, totals = queries.statement(entries)
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("收支明细"),
                [
                    _("时间"),
                    _("卡号"),
                    _("类型"),
                    _("金额"),
                    _("本金"),
                    _("赠送"),
                    _("余额"),
                    _("方式"),
                    _("操作员"),
                    _("说明"),
                ],
                (
                    (
                        e.created_at,
                        e.card.number,
                        e.get_kind_display(),
                        e.amount,
                        e.principal_delta,
                        e.bonus_delta,
                        e.balance_after,
                        e.get_method_display(),
                        str(e.operator or ""),
                        e.note,
                    )
                    for e in rows[:EXPORT_LIMIT]
                ),
            ),
            "card-statement",
        )
    kinds = dict(EntryKind.choices)
    by_kind = [(kinds.get(k, k), v) for k, v in totals["by_kind"].items()]
    return _render(
        request,
        "statement",
        "statement",
        form=form,
        page=page_of(request, rows),
        totals=totals,
        by_kind=by_kind,
    )


@statistics_view
def consumption(request):
    form, start, end, q = _range(request)
    entries = queries.in_range(queries.entries_of(_cards(request, q)), start, end)
    rows, totals = queries.consumption(entries)
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("会员消费明细"),
                [_("时间"), _("卡号"), _("会员"), _("项目"), _("金额"), _("操作员")],
                (
                    (
                        e.created_at,
                        e.card.number,
                        e.card.holder_display,
                        "、".join(f"{i['name']}×{i['quantity']}" for i in e.items),
                        -e.amount,
                        str(e.operator or ""),
                    )
                    for e in rows[:EXPORT_LIMIT]
                ),
            ),
            "card-consumption",
        )
    return _render(
        request,
        "consumption",
        "consumption",
        form=form,
        page=page_of(request, rows),
        totals=totals,
    )


@statistics_view
def members(request):
    form, _start, _end, q = _range(request)
    cards = _cards(request, q)
    levels = queries.members_by_level(cards)
    listing = cards.order_by("level__rank", "number")
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("会员列表"),
                [
                    _("卡号"),
                    _("会员"),
                    _("级别"),
                    _("状态"),
                    _("本金余额"),
                    _("赠送余额"),
                    _("累计充值"),
                    _("开卡时间"),
                ],
                (
                    (
                        c.number,
                        c.holder_display,
                        c.level.name,
                        c.get_status_display(),
                        c.principal_balance,
                        c.bonus_balance,
                        c.total_topped_up,
                        c.created_at,
                    )
                    for c in listing[:EXPORT_LIMIT]
                ),
            ),
            "card-members",
        )
    return _render(
        request,
        "members",
        "members",
        form=form,
        levels=levels,
        page=page_of(request, listing),
    )


def _month(request):
    text = request.GET.get("month") or ""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@statistics_view
def monthly(request):
    month = _month(request)
    q = (request.GET.get("q") or "").strip()
    rows, totals = queries.monthly_summary(_cards(request, q), month)
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("月汇总"),
                [
                    _("卡号"),
                    _("会员"),
                    _("消费次数"),
                    _("消费金额"),
                    _("充值金额"),
                    _("退款金额"),
                ],
                (
                    (
                        r.card.number,
                        r.card.holder_display,
                        r.payment_count,
                        r.payment_amount,
                        r.top_up_amount,
                        r.refund_amount,
                    )
                    for r in rows[:EXPORT_LIMIT]
                ),
            ),
            f"card-monthly-{month:%Y-%m}",
        )
    top = list(rows.order_by("-payment_amount")[:10])
    chart = {
        "labels": [r.card.number for r in top],
        "values": [str(r.payment_amount) for r in top],
        "names": {"amount": _("消费金额")},
    }
    return _render(
        request,
        "monthly",
        "monthly",
        month=month,
        q=q,
        totals=totals,
        page=page_of(request, rows),
        chart=chart,
    )


@statistics_view
def levels(request):
    form, start, end, q = _range(request)
    rows = queries.levels_over_range(_cards(request, q), start, end)
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("级别统计"),
                [_("级别"), _("会员数"), _("期间新增"), _("期末余额")],
                ((r["level"].name, r["members"], r["new"], r["balance"]) for r in rows),
            ),
            "card-levels",
        )
    return _render(
        request, "levels", "levels", form=form, rows=rows, start=start, end=end
    )


@statistics_view
def funds(request):
    form, start, end, q = _range(request)
    if not request.GET.get("start"):
        start = end - timedelta(days=29)
    period = request.GET.get("period")
    if period not in queries.PERIODS:
        period = "day"
    entries = queries.entries_of(_cards(request, q))
    rows = queries.prepaid_funds(entries, period=period, start=start, end=end)
    if _wants_export(request):
        return workbook_response(
            workbook(
                _("预付资金报表"),
                [
                    _("期间"),
                    _("发行（充值）"),
                    _("赠送"),
                    _("兑付（消费）"),
                    _("退款"),
                    _("过期或结清"),
                    _("期末余额"),
                ],
                (
                    (
                        r.period,
                        r.issued,
                        r.bonus,
                        r.redeemed,
                        r.refunded,
                        r.expired,
                        r.outstanding,
                    )
                    for r in rows
                ),
            ),
            f"prepaid-funds-{period}",
        )
    chart = {
        "labels": [str(r.period) for r in rows],
        "issued": [str(r.issued) for r in rows],
        "redeemed": [str(r.redeemed) for r in rows],
        "outstanding": [str(r.outstanding) for r in rows],
        "names": {
            "issued": _("发行"),
            "redeemed": _("兑付"),
            "outstanding": _("期末余额"),
        },
    }
    return _render(
        request,
        "funds",
        "funds",
        form=form,
        rows=rows,
        period=period,
        start=start,
        end=end,
        chart=chart,
    )

"""The dispatch console pages and the dispatch API (grab pages: test_work_grab)."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import (
    make_family_member,
    make_platform_staff,
    make_provider_staff,
)
from jiazheng.bookings.dispatch import printing
from jiazheng.bookings.dispatch.services import assign_worker
from jiazheng.bookings.models import Order, WorkOrder
from jiazheng.bookings.tests.dispatch_fixtures import (
    confirmed_order,
    dispatcher,
    worker_for,
)
from jiazheng.bookings.tests.factories import tomorrow_at

pytestmark = pytest.mark.django_db


def board_url(order):
    return reverse("dispatch:board") + f"?date={order.starts_at.date().isoformat()}"


def test_dispatcher_sees_the_open_order_with_its_top_suggestion(client):
    order = confirmed_order()
    worker = worker_for(order)
    client.force_login(dispatcher())

    response = client.get(board_url(order))

    assert response.status_code == 200
    html = response.content.decode()
    assert order.number in html
    assert worker.name in html
    assert "距住处" in html


def test_provider_staff_see_only_their_own_orders(client):
    mine = confirmed_order()
    theirs = confirmed_order()
    client.force_login(make_provider_staff(mine.organization, Role.PROVIDER_STAFF))

    html = client.get(board_url(mine)).content.decode()

    assert mine.number in html
    assert theirs.number not in html
    detail = client.get(reverse("dispatch:order", args=[theirs.pk]))
    assert detail.status_code == 404


def test_a_family_member_is_kept_out_of_the_dispatch_console(client):
    client.force_login(make_family_member())

    assert client.get(reverse("dispatch:board")).status_code == 403


def test_assign_button_dispatches_and_reports(client):
    order = confirmed_order()
    worker = worker_for(order)
    client.force_login(dispatcher())

    response = client.post(
        reverse("dispatch:assign", args=[order.pk]), {"worker": worker.pk}, follow=True
    )

    assert "已派工" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.DISPATCHED


def test_assigning_a_worker_without_the_skill_shows_why_and_changes_nothing(client):
    order = confirmed_order()
    worker = worker_for(order, skills=[])
    client.force_login(dispatcher())

    response = client.post(
        reverse("dispatch:assign", args=[order.pk]), {"worker": worker.pk}, follow=True
    )

    assert response.status_code == 200
    assert "不具备该服务项目的技能" in response.content.decode()
    assert not WorkOrder.objects.exists()


def test_day_dispatch_page_places_the_orders_of_the_day(client):
    order = confirmed_order()
    worker_for(order)
    client.force_login(dispatcher())

    response = client.post(
        reverse("dispatch:day"), {"date": order.starts_at.date().isoformat()}
    )

    assert response.status_code == 200
    assert "已派工 1 单" in response.content.decode()
    assert WorkOrder.objects.filter(order=order, assigned_via="day_plan").exists()


def test_work_order_prints_on_one_page_with_signature_lines(client):
    order = confirmed_order()
    work_order = assign_worker(
        order=order, worker=worker_for(order), actor=dispatcher()
    )
    client.force_login(dispatcher())

    response = client.get(reverse("dispatch:work_order_print", args=[work_order.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "size: A4" in html
    assert work_order.number in html and "客户签字" in html and "服务人员签字" in html


def test_pdf_without_a_chinese_font_explains_how_to_install_it(client, monkeypatch):
    order = confirmed_order()
    work_order = assign_worker(
        order=order, worker=worker_for(order), actor=dispatcher()
    )
    monkeypatch.setattr(printing, "has_cjk_font", lambda: False)
    client.force_login(dispatcher())

    response = client.get(reverse("dispatch:work_order_pdf", args=[work_order.pk]))

    assert response.status_code == 503
    assert "fonts-wqy-microhei" in response.content.decode()


@pytest.mark.skipif(printing.pdf_problem() is not None, reason="no weasyprint/font")
def test_pdf_is_a_pdf(client):
    order = confirmed_order()
    work_order = assign_worker(
        order=order, worker=worker_for(order), actor=dispatcher()
    )
    client.force_login(dispatcher())

    response = client.get(reverse("dispatch:work_order_pdf", args=[work_order.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_api_suggests_and_assigns(client):
    order = confirmed_order()
    worker = worker_for(order)
    client.force_login(dispatcher())

    suggestions = client.get(
        reverse("api:dispatch-suggestions", args=[order.pk])
    ).json()
    assigned = client.post(
        reverse("api:dispatch-assign", args=[order.pk]),
        {"worker": worker.pk},
        content_type="application/json",
    )

    assert suggestions[0]["worker"] == worker.pk
    assert suggestions[0]["reasons"]
    assert assigned.status_code == 201
    assert assigned.json()["number"].startswith("PG")


def test_api_refusal_is_a_json_error_not_a_500(client):
    order = confirmed_order()
    worker = worker_for(order, skills=[])
    client.force_login(dispatcher())

    response = client.post(
        reverse("api:dispatch-assign", args=[order.pk]),
        {"worker": worker.pk},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "worker_skill"


def test_api_dispatch_day_lists_what_it_could_not_place(client):
    placed = confirmed_order()
    worker_for(placed)
    stranded = confirmed_order(booking__starts_at=placed.starts_at)
    client.force_login(dispatcher())

    body = client.post(
        reverse("api:dispatch-day"),
        {"date": placed.starts_at.date().isoformat()},
        content_type="application/json",
    ).json()

    assert [w["order"] for w in body["placed"]] == [placed.pk]
    assert [u["order"] for u in body["unplaced"]] == [stranded.pk]
    assert body["unplaced"][0]["code"] == "no_candidate"


def test_api_customer_asks_for_another_worker(client):
    order = confirmed_order()
    worker = worker_for(order)
    assign_worker(order=order, worker=worker, actor=dispatcher())
    customer_user = make_family_member()
    order.customer.user = customer_user
    order.customer.save()
    client.force_login(customer_user)

    response = client.post(
        reverse("api:dispatch-replacement", args=[order.pk]),
        {"reason": "阿姨来得太晚"},
        content_type="application/json",
    )

    assert response.status_code == 201
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert worker in order.excluded_workers.all()


def test_api_schema_is_valid_openapi_with_the_dispatch_paths():
    # Only dispatch's paths: a fault in another app's views is not this one's.
    dispatch_only = SimpleNamespace(
        urlpatterns=[
            path("api/v1/dispatch/", include("jiazheng.bookings.dispatch.api_urls"))
        ]
    )
    generator = SchemaGenerator(urlconf=dispatch_only)

    schema = generator.get_schema(request=None, public=True)

    validate_schema(schema)
    assert {
        "/api/v1/dispatch/day/",
        "/api/v1/dispatch/orders/{id}/suggestions/",
        "/api/v1/dispatch/grab-offers/{id}/take/",
    } <= set(schema["paths"])


def test_days_of_no_orders_show_an_empty_board(client):
    client.force_login(dispatcher())
    day = datetime.date(2026, 1, 5)

    response = client.get(reverse("dispatch:board"), {"date": day.isoformat()})

    assert "这一天没有待派工的订单" in response.content.decode()


def test_dispatch_day_for_a_date_beyond_the_calendar_is_a_clear_400():
    user = make_platform_staff(role=Role.DISPATCHER)
    api = APIClient()
    api.force_authenticate(user)

    response = api.post(
        reverse("api:dispatch-day"), {"date": "9999-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_date"


def test_a_new_booking_waits_on_the_board_until_the_dispatcher_confirms_it(client):
    # given a submitted booking for tomorrow
    order = confirmed_order(status=Order.Status.SUBMITTED)
    worker_for(order)
    client.force_login(dispatcher())

    # when the dispatcher looks at the board, then confirms from it
    before = client.get(board_url(order)).content.decode()
    response = client.post(
        reverse("dispatch:confirm", args=[order.pk]), {"next": board_url(order)}
    )
    after = client.get(board_url(order)).content.decode()

    # then it was listed to confirm, is confirmed, and now has suggestions
    assert f'id="awaiting-{order.pk}"' in before
    assert f'id="order-{order.pk}"' not in before
    assert response.status_code == 302 and response.url == board_url(order)
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert f'id="order-{order.pk}"' in after
    assert f'id="awaiting-{order.pk}"' not in after


def test_provider_staff_cannot_confirm_another_providers_booking(client):
    order = confirmed_order(status=Order.Status.SUBMITTED)
    other = confirmed_order()
    client.force_login(make_provider_staff(other.organization, Role.PROVIDER_STAFF))

    response = client.post(reverse("dispatch:confirm", args=[order.pk]))

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == Order.Status.SUBMITTED


def test_the_board_makes_the_same_number_of_queries_for_three_orders_or_twelve(
    client, django_assert_max_num_queries
):
    def day_with(count):
        first = confirmed_order()
        worker_for(first)
        for _ in range(count - 1):
            worker_for(
                confirmed_order(
                    booking__organization=first.organization,
                    booking__item=first.item,
                )
            )
            confirmed_order(
                status=Order.Status.SUBMITTED,
                booking__organization=first.organization,
                booking__item=first.item,
            )
        return first

    client.force_login(dispatcher())
    order = day_with(3)
    with CaptureQueriesContext(connection) as three:
        assert client.get(board_url(order)).status_code == 200
    day_with(9)
    with django_assert_max_num_queries(len(three.captured_queries)):
        response = client.get(board_url(order))
    assert response.content.decode().count('id="order-') >= 12


def test_the_board_names_the_coming_days_with_work_and_only_the_users_own(client):
    # given tomorrow one order to dispatch and one to confirm of a provider,
    # and the day after an order of another provider
    order = confirmed_order()
    confirmed_order(
        status=Order.Status.SUBMITTED,
        booking__organization=order.organization,
        booking__item=order.item,
    )
    confirmed_order(booking__starts_at=tomorrow_at(9, days=2))
    staff = make_provider_staff(order.organization, Role.PROVIDER_STAFF)

    # when the provider's staff open the board on today
    client.force_login(staff)
    html = client.get(reverse("dispatch:board")).content.decode()

    # then tomorrow is linked with its two counts, the other day not at all
    tomorrow = order.starts_at.date()
    assert f"date={tomorrow.isoformat()}" in html
    assert "待派 1" in html and "待确认 1" in html
    later = tomorrow + datetime.timedelta(days=1)
    assert f"date={later.isoformat()}" not in html

"""Changing the catalogue: validation, permissions and the change record."""

from decimal import Decimal

import pytest

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import make_platform_staff, make_provider_staff
from jiazheng.catalog import services
from jiazheng.catalog.models import CatalogChange, Category, ServiceItem, Unit
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory
from jiazheng.common.errors import NotAllowed, ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return make_platform_staff(role=Role.EDITOR)


def _create_item(actor, **overrides):
    values = {
        "category": Category.objects.get(code="cleaning-home"),
        "code": "window-cleaning",
        "name": "擦玻璃",
        "unit": Unit.SQUARE_METRE,
        "guidance_price_min": "4.00",
        "guidance_price_max": "8.50",
    }
    values.update(overrides)
    return services.create_item(actor=actor, **values)


def test_editor_creates_an_item_and_the_change_is_recorded(editor):
    item = _create_item(editor)

    assert item.guidance_price_max == Decimal("8.50")
    change = CatalogChange.objects.get(object_kind="item", object_id=item.pk)
    assert change.user == editor
    assert change.action == "create"
    assert change.changes["guidance_price_max"] == [None, "8.50"]
    assert change.changes["category"] == [None, "cleaning-home"]


def test_update_records_old_and_new_values_of_changed_fields_only(editor):
    item = ServiceItem.objects.get(code="hourly-worker")

    services.update_item(
        actor=editor,
        item=item,
        name="小时工",
        guidance_price_max=Decimal("65.00"),
    )

    change = CatalogChange.objects.get(object_code="hourly-worker")
    assert change.action == "update"
    assert change.changes == {"guidance_price_max": ["60.00", "65.00"]}
    item.refresh_from_db()
    assert item.guidance_price_max == Decimal("65.00")


def test_update_without_a_real_change_leaves_no_row(editor):
    item = ServiceItem.objects.get(code="hourly-worker")

    services.update_item(actor=editor, item=item, guidance_price_min="40")

    assert not CatalogChange.objects.exists()


@pytest.mark.parametrize(
    ("low", "high", "code"),
    [
        ("60", "40", "invalid_range"),
        ("-1", "40", "negative_amount"),
        ("10.005", "40", "too_many_decimals"),
        ("abc", "40", "invalid_amount"),
        ("NaN", "40", "invalid_amount"),
        ("1e20", "1e21", "amount_too_large"),
        (10.5, "40", "invalid_amount"),
    ],
)
def test_invalid_guidance_ranges_are_refused_and_nothing_is_saved(
    editor, low, high, code
):
    with pytest.raises(ServiceError) as refused:
        _create_item(editor, guidance_price_min=low, guidance_price_max=high)

    assert refused.value.code == code
    assert not ServiceItem.objects.filter(code="window-cleaning").exists()
    assert not CatalogChange.objects.exists()


def test_raising_the_minimum_above_the_stored_maximum_is_refused(editor):
    item = ServiceItem.objects.get(code="hourly-worker")

    with pytest.raises(ServiceError) as refused:
        services.update_item(actor=editor, item=item, guidance_price_min="70")

    assert refused.value.field == "guidance_price_max"
    item.refresh_from_db()
    assert item.guidance_price_min == Decimal("40.00")


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "保洁<b>", "  "])
def test_names_with_markup_or_blank_are_refused(editor, name):
    with pytest.raises(ServiceError) as refused:
        _create_item(editor, name=name)

    assert refused.value.field == "name"


@pytest.mark.parametrize("code", ["Window", "窗户", "a b", "-a", "hourly-worker"])
def test_bad_or_taken_codes_are_refused(editor, code):
    with pytest.raises(ServiceError) as refused:
        _create_item(editor, code=code)

    assert refused.value.field == "code"


def test_only_platform_admins_and_editors_may_change_the_catalogue():
    dispatcher = make_platform_staff(role=Role.DISPATCHER)
    provider_admin = make_provider_staff()
    admin = make_platform_staff(role=Role.PLATFORM_ADMIN)

    for refused in (dispatcher, provider_admin):
        with pytest.raises(NotAllowed):
            _create_item(refused)

    assert _create_item(admin).code == "window-cleaning"


def test_an_editor_role_in_a_provider_does_not_reach_the_catalogue():
    provider_editor = make_provider_staff(role=Role.EDITOR)

    with pytest.raises(NotAllowed):
        _create_item(provider_editor)


def test_category_can_only_sit_under_a_top_level_group(editor):
    nanny = Category.objects.get(code="domestic-nanny")

    with pytest.raises(ServiceError) as refused:
        services.create_category(
            actor=editor, code="nanny-sub", name="子分类", parent=nanny
        )

    assert refused.value.field == "parent"


def test_a_group_with_categories_cannot_move_under_another_group(editor):
    domestic = Category.objects.get(code="domestic")
    cleaning = Category.objects.get(code="cleaning")

    with pytest.raises(ServiceError):
        services.update_category(actor=editor, category=domestic, parent=cleaning)


def test_create_and_update_category_record_changes(editor):
    group = Category.objects.get(code="domestic")

    category = services.create_category(
        actor=editor, code="domestic-elderly", name="养老护理", parent=group
    )
    services.update_category(actor=editor, category=category, name="老人护理")

    changes = list(CatalogChange.objects.filter(object_kind="category").order_by("id"))
    assert [c.action for c in changes] == ["create", "update"]
    assert changes[0].changes["parent"] == [None, "domestic"]
    assert changes[1].changes == {"name": ["养老护理", "老人护理"]}


def test_deactivating_and_reactivating_leaves_a_row_each(editor):
    item = ServiceItemFactory()
    category = CategoryFactory()

    services.set_item_active(actor=editor, item=item, is_active=False)
    services.set_item_active(actor=editor, item=item, is_active=False)
    services.set_item_active(actor=editor, item=item, is_active=True)
    services.set_category_active(actor=editor, category=category, is_active=False)

    actions = list(
        CatalogChange.objects.order_by("id").values_list("object_kind", "action")
    )
    assert actions == [
        ("item", "deactivate"),
        ("item", "activate"),
        ("category", "deactivate"),
    ]
    item.refresh_from_db()
    assert item.is_active


def test_unknown_fields_are_refused(editor):
    item = ServiceItem.objects.get(code="hourly-worker")

    with pytest.raises(ServiceError):
        services.update_item(actor=editor, item=item, code="renamed")

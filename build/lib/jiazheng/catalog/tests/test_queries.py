"""Catalogue reads shared by the portal, the API and the providers app."""

from decimal import Decimal

import pytest

from jiazheng.catalog.queries import (
    active_items,
    category_tree,
    group_items,
    guidance_warning,
    price_in_guidance,
    search_items,
)
from jiazheng.catalog.tests.factories import CategoryFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


def test_category_tree_lists_active_groups_in_order_with_children_and_items(
    django_assert_num_queries,
):
    with django_assert_num_queries(4):
        tree = list(category_tree())
        domestic = tree[0]
        children = list(domestic.children.all())
        items = list(children[0].items.all())

    assert [group.code for group in tree][:2] == ["domestic", "cleaning"]
    assert children[0].code == "domestic-nanny"
    assert {item.code for item in items} == {"nanny-live-in", "nanny-daytime"}


def test_category_tree_leaves_out_inactive_groups_categories_and_items():
    group = CategoryFactory(is_active=False)
    child = CategoryFactory(parent=CategoryFactory(), is_active=False)
    item = ServiceItemFactory(is_active=False)

    tree = list(category_tree())
    codes = {g.code for g in tree}
    child_codes = {c.code for g in tree for c in g.children.all()}
    item_codes = {
        i.code for g in tree for c in g.children.all() for i in c.items.all()
    } | {i.code for g in tree for i in g.items.all()}

    assert group.code not in codes
    assert child.code not in child_codes
    assert item.code not in item_codes


def test_active_items_hide_items_of_an_inactive_category_or_group():
    group = CategoryFactory()
    child = CategoryFactory(parent=group)
    item = ServiceItemFactory(category=child)
    assert active_items().filter(pk=item.pk).exists()

    group.is_active = False
    group.save()

    assert not active_items().filter(pk=item.pk).exists()


def test_search_matches_item_name_category_name_and_ignores_case():
    child = CategoryFactory(parent=CategoryFactory(name="Garden"), name="Lawn")
    item = ServiceItemFactory(category=child, name="Mowing")

    assert list(search_items("mOwInG")) == [item]
    assert item in search_items("lawn")
    assert item in search_items("GARDEN")
    assert set(search_items("月嫂").values_list("code", flat=True)) == {
        "maternity-nurse-26-days"
    }


@pytest.mark.parametrize("term", ["%", "_", "'; DROP TABLE x; --", "\\", "<b>"])
def test_search_treats_special_characters_as_plain_text(term):
    assert list(search_items(term)) == []


def test_empty_search_returns_every_active_item():
    assert search_items("  ").count() == active_items().count()
    assert search_items(None).count() == active_items().count()


def test_group_items_keeps_catalogue_order():
    sections = group_items(active_items())

    assert [s.category.code for s in sections][:3] == ["domestic", "cleaning", "repair"]
    assert sections[0].children[0].category.code == "domestic-nanny"
    assert [i.code for i in sections[0].children[0].items] == [
        "nanny-live-in",
        "nanny-daytime",
    ]


def test_price_in_guidance_includes_both_bounds():
    item = ServiceItemFactory(
        guidance_price_min=Decimal("40.00"), guidance_price_max=Decimal("60.00")
    )

    assert price_in_guidance(item, Decimal("40.00"))
    assert price_in_guidance(item, Decimal("60.00"))
    assert not price_in_guidance(item, Decimal("39.99"))
    assert not price_in_guidance(item, Decimal("60.01"))


def test_guidance_warning_names_the_bound_that_was_crossed():
    item = ServiceItemFactory(
        guidance_price_min=Decimal("40"), guidance_price_max=Decimal("60")
    )

    assert guidance_warning(item, Decimal("61")) == "高于指导价上限 ¥60.00"
    assert guidance_warning(item, Decimal("30")) == "低于指导价下限 ¥40.00"
    assert guidance_warning(item, Decimal("50")) is None

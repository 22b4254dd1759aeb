"""The data migration loads the whole category tree of requirement 1.4.1."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps

from jiazheng.catalog.models import Category, ServiceItem

pytestmark = pytest.mark.django_db

load_migration = import_module("jiazheng.catalog.migrations.0002_load_category_tree")

GROUPS = [
    "家政服务",
    "清洁服务",
    "维修服务",
    "搬家服务",
    "汽车服务",
    "家教服务",
    "婚庆服务",
    "宠物服务",
    "其他分类",
    "热门服务",
]

NAMED_ITEMS = {
    "家政服务": [
        "保姆",
        "陪护",
        "月嫂",
        "涉外管家",
        "小时工",
        "公司做饭",
        "普通管家",
        "育儿嫂",
    ],
    "清洁服务": ["公司保洁", "抽油烟机清洗", "清洗保洁", "家庭保洁"],
    "维修服务": [
        "水电维修",
        "管道疏通",
        "空调维修",
        "电脑维修",
        "门窗维修",
        "家电维修",
    ],
    "搬家服务": ["公司搬家", "家庭搬家"],
    "汽车服务": ["故障救援", "维修支援", "陪练", "汽车租赁", "代驾", "汽车美容"],
    "家教服务": ["课程", "少儿托管", "早教"],
    "婚庆服务": ["婚庆公司", "婚礼用车", "主持人"],
    "宠物服务": ["宠物托管", "宠物医疗", "宠物美容"],
    "其他分类": ["其他", "蛋糕预订", "鲜花预订", "快递"],
    "热门服务": [
        "电话叫车",
        "代购车票",
        "电话征婚",
        "儿童定位",
        "视频监控",
        "服务团购",
    ],
}


def _loaded_tree():
    tree = {}
    for group in Category.objects.filter(parent__isnull=True).order_by("sort_order"):
        tree[group.name] = list(
            group.children.order_by("sort_order").values_list("name", flat=True)
        )
    return tree


def test_every_group_of_1_4_1_is_a_top_level_category_in_order():
    names = list(
        Category.objects.filter(parent__isnull=True)
        .order_by("sort_order")
        .values_list("name", flat=True)
    )

    assert names == GROUPS


def test_every_item_named_in_1_4_1_is_a_category_under_its_group():
    assert _loaded_tree() == NAMED_ITEMS


def test_every_named_item_has_a_priced_service_item():
    children = Category.objects.filter(parent__isnull=False).prefetch_related("items")

    for child in children:
        items = list(child.items.all())
        assert items, child.name
        for item in items:
            assert item.is_active
            assert 0 <= item.guidance_price_min <= item.guidance_price_max, item.code
            assert item.unit in {"hour", "visit", "day", "month", "sqm"}


def test_examples_of_the_brief_have_realistic_prices():
    hourly = ServiceItem.objects.get(code="hourly-worker")
    maternity = ServiceItem.objects.get(code="maternity-nurse-26-days")
    moving = ServiceItem.objects.get(code="home-moving")

    assert (hourly.unit, hourly.guidance_price_min, hourly.guidance_price_max) == (
        "hour",
        40,
        60,
    )
    assert maternity.unit == "month"
    assert (maternity.guidance_price_min, maternity.guidance_price_max) == (8000, 18000)
    assert (moving.unit, moving.guidance_price_min) == ("visit", 400)


def test_only_the_hot_services_are_marked_hot():
    hot = set(Category.objects.filter(is_hot=True).values_list("code", flat=True))
    hot_group = Category.objects.get(code="hot")

    assert hot == {"hot"} | set(hot_group.children.values_list("code", flat=True))


def test_loading_again_updates_in_place_without_duplicates():
    # given an editor renamed an item since the first load
    ServiceItem.objects.filter(code="hourly-worker").update(name="钟点工")
    counts = (Category.objects.count(), ServiceItem.objects.count())

    # when
    load_migration.load_tree(django_apps, None)

    # then
    assert (Category.objects.count(), ServiceItem.objects.count()) == counts
    assert ServiceItem.objects.get(code="hourly-worker").name == "小时工"


def test_reversing_removes_the_loaded_rows_and_loading_restores_them():
    load_migration.unload_tree(django_apps, None)

    assert not Category.objects.filter(code__in=["domestic", "hot"]).exists()
    assert not ServiceItem.objects.filter(code="hourly-worker").exists()

    load_migration.load_tree(django_apps, None)

    assert _loaded_tree() == NAMED_ITEMS

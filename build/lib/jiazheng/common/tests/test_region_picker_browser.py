import os

import pytest
from playwright.sync_api import expect

from jiazheng.common.tests.regions import ensure_regions_loaded

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("jiazheng.common.tests.picker_urls"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="session", autouse=True)
def _sync_playwright_with_django():
    # Playwright's sync API leaves an event loop running in the test thread
    # from the moment the browser starts, and Django then refuses database
    # calls there (the test database's flush, and every later test).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _regions(transactional_db):
    # an earlier transactional test may have emptied the tables
    ensure_regions_loaded()


def test_a_person_picks_province_city_and_district_and_submits(live_server, page):
    page.goto(f"{live_server.url}/test-picker/")

    page.get_by_label("所在地区").select_option("130000")
    city = page.locator("#id_region_city")
    expect(city.locator('option[value="130100"]')).to_have_count(1)
    city.select_option("130100")
    district = page.locator("#id_region")
    expect(district.locator('option[value="130102"]')).to_have_count(1)
    district.select_option("130102")
    page.get_by_role("button", name="OK").click()

    expect(page.locator("#chosen")).to_have_text("130102 河北省石家庄市长安区")
    # the picker shows the saved choice again
    expect(page.locator("#id_region_province")).to_have_value("130000")
    expect(page.locator("#id_region_city")).to_have_value("130100")


def test_changing_the_province_clears_the_district(live_server, page):
    page.goto(f"{live_server.url}/test-picker/")
    page.locator("#id_region_province").select_option("110000")
    expect(page.locator('#id_region_city option[value="110100"]')).to_have_count(1)
    page.locator("#id_region_city").select_option("110100")
    expect(page.locator('#id_region option[value="110105"]')).to_have_count(1)

    page.locator("#id_region_province").select_option("440000")

    expect(page.locator('#id_region_city option[value="441900"]')).to_have_count(1)
    expect(page.locator("#id_region option")).to_have_count(1)
    # a city without districts is its own district
    page.locator("#id_region_city").select_option("441900")
    expect(page.locator("#id_region option")).to_have_count(2)
    page.locator("#id_region").select_option("441900")
    page.get_by_role("button", name="OK").click()
    expect(page.locator("#chosen")).to_have_text("441900 广东省东莞市")

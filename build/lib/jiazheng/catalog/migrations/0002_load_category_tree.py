"""Load the category tree of requirement 1.4.1 with guidance prices (1.4.3).

Each top-level group of 1.4.1.1 to 1.4.1.10 is a category without a parent;
every item the requirement names is a category under it, with at least one
service item carrying a unit and a guidance price range in yuan (levels seen
in large Chinese cities, 2026). The data lives here rather than in app code
so that the migration keeps meaning the same thing when the code moves on.
Running it again updates the rows by code; reversing it deletes them.
"""

from decimal import Decimal

from django.db import migrations

# (code, name, is_hot, [(code, name, [(item code, item name, unit, min, max,
#  description)])])
TREE = [
    (
        "domestic",
        "家政服务",
        False,
        [
            (
                "domestic-nanny",
                "保姆",
                [
                    ("nanny-live-in", "住家保姆", "month", "5500", "8500", ""),
                    ("nanny-daytime", "白班保姆", "month", "4500", "6500", "每天8小时"),
                ],
            ),
            (
                "domestic-companion",
                "陪护",
                [
                    ("companion-hospital", "医院陪护", "day", "200", "350", "24小时"),
                    (
                        "companion-elderly-home",
                        "居家老人陪护",
                        "month",
                        "6000",
                        "9000",
                        "",
                    ),
                ],
            ),
            (
                "domestic-maternity",
                "月嫂",
                [
                    (
                        "maternity-nurse-26-days",
                        "月嫂（26天）",
                        "month",
                        "8000",
                        "18000",
                        "住家26天，按星级定价",
                    ),
                ],
            ),
            (
                "domestic-foreign-butler",
                "涉外管家",
                [
                    (
                        "foreign-butler",
                        "涉外管家",
                        "month",
                        "12000",
                        "25000",
                        "需外语沟通",
                    ),
                ],
            ),
            (
                "domestic-hourly",
                "小时工",
                [
                    ("hourly-worker", "小时工", "hour", "40", "60", "通常3小时起"),
                ],
            ),
            (
                "domestic-company-cook",
                "公司做饭",
                [
                    ("company-cook", "公司做饭（全职）", "month", "5000", "7500", ""),
                    (
                        "company-cook-visit",
                        "上门做饭（每餐）",
                        "visit",
                        "80",
                        "150",
                        "",
                    ),
                ],
            ),
            (
                "domestic-butler",
                "普通管家",
                [
                    ("butler", "普通管家", "month", "7000", "12000", ""),
                ],
            ),
            (
                "domestic-childcare",
                "育儿嫂",
                [
                    ("childcare-live-in", "住家育儿嫂", "month", "7000", "12000", ""),
                    ("childcare-daytime", "白班育儿嫂", "month", "5500", "8500", ""),
                ],
            ),
        ],
    ),
    (
        "cleaning",
        "清洁服务",
        False,
        [
            (
                "cleaning-office",
                "公司保洁",
                [
                    ("office-cleaning-area", "公司保洁（按面积）", "sqm", "3", "6", ""),
                    (
                        "office-cleaning-resident",
                        "驻场保洁",
                        "month",
                        "4000",
                        "6000",
                        "",
                    ),
                ],
            ),
            (
                "cleaning-range-hood",
                "抽油烟机清洗",
                [
                    ("range-hood-cleaning", "抽油烟机清洗", "visit", "120", "200", ""),
                ],
            ),
            (
                "cleaning-deep",
                "清洗保洁",
                [
                    ("deep-cleaning", "深度清洗保洁", "sqm", "8", "15", "含开荒保洁"),
                ],
            ),
            (
                "cleaning-home",
                "家庭保洁",
                [
                    (
                        "home-cleaning-hourly",
                        "家庭保洁（按小时）",
                        "hour",
                        "45",
                        "65",
                        "",
                    ),
                    ("home-cleaning-area", "家庭保洁（按面积）", "sqm", "5", "10", ""),
                ],
            ),
        ],
    ),
    (
        "repair",
        "维修服务",
        False,
        [
            (
                "repair-plumbing-electrical",
                "水电维修",
                [
                    (
                        "plumbing-electrical-repair",
                        "水电维修",
                        "visit",
                        "80",
                        "200",
                        "不含材料",
                    ),
                ],
            ),
            (
                "repair-pipe",
                "管道疏通",
                [
                    ("pipe-unblocking", "管道疏通", "visit", "100", "300", ""),
                ],
            ),
            (
                "repair-air-conditioner",
                "空调维修",
                [
                    (
                        "air-conditioner-repair",
                        "空调维修",
                        "visit",
                        "100",
                        "300",
                        "不含配件",
                    ),
                    ("air-conditioner-cleaning", "空调清洗", "visit", "80", "150", ""),
                ],
            ),
            (
                "repair-computer",
                "电脑维修",
                [
                    ("computer-repair", "电脑维修", "visit", "80", "200", "不含配件"),
                ],
            ),
            (
                "repair-doors-windows",
                "门窗维修",
                [
                    (
                        "door-window-repair",
                        "门窗维修",
                        "visit",
                        "100",
                        "300",
                        "不含材料",
                    ),
                ],
            ),
            (
                "repair-appliance",
                "家电维修",
                [
                    ("appliance-repair", "家电维修", "visit", "80", "250", "不含配件"),
                ],
            ),
        ],
    ),
    (
        "moving",
        "搬家服务",
        False,
        [
            (
                "moving-company",
                "公司搬家",
                [
                    ("company-moving", "公司搬家", "visit", "1500", "6000", ""),
                ],
            ),
            (
                "moving-home",
                "家庭搬家",
                [
                    ("home-moving", "家庭搬家", "visit", "400", "1200", "同城"),
                ],
            ),
        ],
    ),
    (
        "car",
        "汽车服务",
        False,
        [
            (
                "car-rescue",
                "故障救援",
                [
                    ("roadside-rescue", "故障救援", "visit", "150", "500", "市区"),
                ],
            ),
            (
                "car-repair-support",
                "维修支援",
                [
                    ("car-repair-support", "上门维修支援", "visit", "100", "300", ""),
                ],
            ),
            (
                "car-driving-practice",
                "陪练",
                [
                    ("driving-practice", "陪练", "hour", "80", "150", ""),
                ],
            ),
            (
                "car-rental",
                "汽车租赁",
                [
                    ("car-rental", "汽车租赁", "day", "150", "400", "经济型至舒适型"),
                ],
            ),
            (
                "car-designated-driver",
                "代驾",
                [
                    ("designated-driver", "代驾", "visit", "50", "150", "市区单程"),
                ],
            ),
            (
                "car-care",
                "汽车美容",
                [
                    ("car-wash", "洗车", "visit", "30", "60", ""),
                    (
                        "car-detailing",
                        "汽车美容（精洗打蜡）",
                        "visit",
                        "200",
                        "600",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "tutoring",
        "家教服务",
        False,
        [
            (
                "tutoring-courses",
                "课程",
                [
                    ("home-tutoring", "上门家教", "hour", "100", "250", ""),
                ],
            ),
            (
                "tutoring-after-school",
                "少儿托管",
                [
                    ("after-school-care", "少儿托管", "month", "1500", "3000", ""),
                ],
            ),
            (
                "tutoring-early-education",
                "早教",
                [
                    ("early-education", "早教课", "visit", "150", "300", "每课时"),
                ],
            ),
        ],
    ),
    (
        "wedding",
        "婚庆服务",
        False,
        [
            (
                "wedding-company",
                "婚庆公司",
                [
                    ("wedding-planning", "婚礼策划执行", "visit", "8000", "30000", ""),
                ],
            ),
            (
                "wedding-cars",
                "婚礼用车",
                [
                    ("wedding-car", "婚礼用车", "day", "500", "2000", "每辆"),
                ],
            ),
            (
                "wedding-host",
                "主持人",
                [
                    ("wedding-host", "婚礼主持", "visit", "1500", "5000", ""),
                ],
            ),
        ],
    ),
    (
        "pets",
        "宠物服务",
        False,
        [
            (
                "pets-boarding",
                "宠物托管",
                [
                    ("pet-boarding", "宠物托管", "day", "60", "150", ""),
                ],
            ),
            (
                "pets-medical",
                "宠物医疗",
                [
                    ("pet-checkup", "宠物体检门诊", "visit", "100", "300", ""),
                ],
            ),
            (
                "pets-grooming",
                "宠物美容",
                [
                    ("pet-grooming", "宠物洗护美容", "visit", "80", "300", ""),
                ],
            ),
        ],
    ),
    (
        "other",
        "其他分类",
        False,
        [
            (
                "other-misc",
                "其他",
                [
                    ("errand", "跑腿代办", "visit", "20", "60", ""),
                ],
            ),
            (
                "other-cake",
                "蛋糕预订",
                [
                    ("cake-order", "蛋糕预订", "visit", "150", "500", "每个蛋糕"),
                ],
            ),
            (
                "other-flowers",
                "鲜花预订",
                [
                    ("flower-order", "鲜花预订", "visit", "100", "500", "每束"),
                ],
            ),
            (
                "other-courier",
                "快递",
                [
                    ("same-city-courier", "同城快递", "visit", "15", "50", ""),
                ],
            ),
        ],
    ),
    (
        "hot",
        "热门服务",
        True,
        [
            (
                "hot-taxi",
                "电话叫车",
                [
                    ("phone-taxi", "电话叫车服务费", "visit", "0", "5", "不含车费"),
                ],
            ),
            (
                "hot-ticket",
                "代购车票",
                [
                    ("ticket-purchase", "代购车票服务费", "visit", "10", "30", "每张"),
                ],
            ),
            (
                "hot-matchmaking",
                "电话征婚",
                [
                    ("phone-matchmaking", "电话征婚", "month", "300", "1000", ""),
                ],
            ),
            (
                "hot-child-locating",
                "儿童定位",
                [
                    ("child-locating", "儿童定位服务", "month", "10", "30", ""),
                ],
            ),
            (
                "hot-video-monitoring",
                "视频监控",
                [
                    (
                        "video-monitoring-install",
                        "视频监控安装",
                        "visit",
                        "300",
                        "1200",
                        "",
                    ),
                ],
            ),
            (
                "hot-group-buying",
                "服务团购",
                [
                    (
                        "group-buy-cleaning",
                        "团购家庭保洁（4小时）",
                        "visit",
                        "150",
                        "220",
                        "",
                    ),
                ],
            ),
        ],
    ),
]


def load_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    for group_index, (code, name, is_hot, children) in enumerate(TREE, start=1):
        group, _ = Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": None,
                "sort_order": group_index * 10,
                "is_hot": is_hot,
                "is_active": True,
            },
        )
        for child_index, (child_code, child_name, items) in enumerate(
            children, start=1
        ):
            child, _ = Category.objects.update_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": group,
                    "sort_order": child_index * 10,
                    "is_hot": is_hot,
                    "is_active": True,
                },
            )
            for item_index, (
                item_code,
                item_name,
                unit,
                low,
                high,
                description,
            ) in enumerate(items, start=1):
                ServiceItem.objects.update_or_create(
                    code=item_code,
                    defaults={
                        "category": child,
                        "name": item_name,
                        "unit": unit,
                        "guidance_price_min": Decimal(low),
                        "guidance_price_max": Decimal(high),
                        "description": description,
                        "sort_order": item_index * 10,
                        "is_active": True,
                    },
                )


def unload_tree(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    ServiceItem = apps.get_model("catalog", "ServiceItem")
    item_codes = [
        item[0]
        for _, _, _, children in TREE
        for _, _, items in children
        for item in items
    ]
    child_codes = [child[0] for _, _, _, children in TREE for child in children]
    group_codes = [group[0] for group in TREE]
    ServiceItem.objects.filter(code__in=item_codes).delete()
    Category.objects.filter(code__in=child_codes).delete()
    Category.objects.filter(code__in=group_codes).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(load_tree, unload_tree)]

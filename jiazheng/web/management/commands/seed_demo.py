"""Load realistic demo data once; running it again changes nothing.

Everything goes through the apps' services, as a user's actions would: the
six providers are enterprise members whose franchise applications the
platform admin approved.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from jiazheng.accounts import services as accounts
from jiazheng.accounts.models import Organization, Role, User
from jiazheng.bookings.demo import load_demo as load_bookings_demo
from jiazheng.catalog.models import Category, ServiceItem
from jiazheng.common.credit_code import check_character
from jiazheng.common.models import Region
from jiazheng.providers.models import (
    ApplicationDocument,
    FranchiseApplication,
    ProviderServiceItem,
)
from jiazheng.providers.services import fees, franchise, jobs, showcase
from jiazheng.workers import services as workers
from jiazheng.workers.models import ServiceMode

DEMO_PASSWORD = "Demo@2026"
PLATFORM_NAME = "北京市家政服务中心"
PLATFORM_DISTRICT = "110101"

# phone, name, role: one account per role of the platform organisation.
PLATFORM_STAFF = [
    ("13900000001", "王建国", Role.PLATFORM_ADMIN),
    ("13900000002", "李晓梅", Role.DISPATCHER),
    ("13900000003", "张丽华", Role.CASHIER),
    ("13900000004", "刘文静", Role.EDITOR),
    ("13900000005", "陈志强", Role.AUDITOR),
    ("13900000006", "赵海燕", Role.OFFICE_STAFF),
]

# company, district, address, lat, lng, categories, applicant (phone, name),
# legal representative, introduction, fees {item code: price}, jobs.
PROVIDERS = [
    {
        "company_name": "阳光家政服务有限公司",
        "district": "110105",
        "address": "建国路88号SOHO现代城2号楼1206室",
        "coordinates": ("39.908700", "116.470300"),
        "categories": ["domestic-hourly", "domestic-nanny", "cleaning-home"],
        "applicant": ("13900000011", "孙秀英"),
        "legal_representative": "孙秀英",
        "introduction": "成立于2012年，专注朝阳区家庭保洁、小时工和住家保姆服务，"
        "阿姨均经过岗前培训和健康体检，持证上岗。",
        "fees": {
            "hourly-worker": "50",
            "home-cleaning-hourly": "55",
            "nanny-live-in": "7200",
            "nanny-daytime": "5800",
        },
        "jobs": [("招聘小时工阿姨", "domestic-hourly", 10, "5000", "7500")],
    },
    {
        "company_name": "安心月嫂母婴护理有限公司",
        "district": "110108",
        "address": "中关村大街27号中关村大厦8层",
        "coordinates": ("39.983400", "116.316900"),
        "categories": ["domestic-maternity", "domestic-childcare"],
        "applicant": ("13900000031", "周丽娟"),
        "legal_representative": "周丽娟",
        "introduction": "海淀区母婴护理机构，提供金牌月嫂、育儿嫂服务，"
        "月嫂均持有母婴护理证书。",
        "fees": {
            "maternity-nurse-26-days": "15800",
            "childcare-live-in": "9500",
            "childcare-daytime": "7000",
        },
        "jobs": [("高级月嫂", "domestic-maternity", 5, "12000", "20000")],
    },
    {
        "company_name": "洁雅保洁服务有限公司",
        "district": "110106",
        "address": "南三环西路16号搜宝商务中心3号楼",
        "coordinates": ("39.858600", "116.365200"),
        "categories": ["cleaning-office", "cleaning-deep", "cleaning-range-hood"],
        "applicant": ("13900000032", "吴国栋"),
        "legal_representative": "吴国栋",
        "introduction": "专业保洁公司，承接写字楼日常保洁、开荒保洁和油烟机深度清洗。",
        "fees": {
            "office-cleaning-area": "4.5",
            "deep-cleaning": "12",
            "range-hood-cleaning": "150",
        },
        "jobs": [("保洁员", "cleaning-office", 20, "4500", "6000")],
    },
    {
        "company_name": "快修师傅家电维修服务有限公司",
        "district": "110102",
        "address": "西直门南大街2号成铭大厦C座",
        "coordinates": ("39.937900", "116.352900"),
        "categories": [
            "repair-appliance",
            "repair-air-conditioner",
            "repair-plumbing-electrical",
        ],
        "applicant": ("13900000033", "郑伟"),
        "legal_representative": "郑伟",
        "introduction": "家电、空调、水电上门维修，30分钟响应，维修保修三个月。",
        "fees": {
            "appliance-repair": "120",
            "air-conditioner-cleaning": "100",
            # Above the guidance range on purpose: the portal shows a warning.
            "plumbing-electrical-repair": "380",
        },
        "jobs": [("家电维修师傅", "repair-appliance", 3, "6000", "9000")],
    },
    {
        "company_name": "顺达搬家运输有限公司",
        "district": "110112",
        "address": "新华西街58号万达广场B座",
        "coordinates": ("39.906600", "116.657300"),
        "categories": ["moving-home", "moving-company"],
        "applicant": ("13900000034", "冯建军"),
        "legal_representative": "冯建军",
        "introduction": "居民搬家、公司搬迁、钢琴搬运，自有厢式货车二十余辆。",
        "fees": {"home-moving": "680", "company-moving": "3500"},
        "jobs": [("搬运工", "moving-home", 8, "6000", "8000")],
    },
    {
        "company_name": "宠乐园宠物服务有限公司",
        "district": "110114",
        "address": "回龙观西大街18号",
        "coordinates": ("40.071500", "116.315800"),
        "categories": ["pets-boarding", "pets-grooming"],
        "applicant": ("13900000035", "何晓燕"),
        "legal_representative": "何晓燕",
        "introduction": "宠物寄养、洗护美容，独立寄养间，每日视频反馈。",
        "fees": {"pet-boarding": "90", "pet-grooming": "150"},
        "jobs": [("宠物美容师", "pets-grooming", 2, "5000", "8000")],
    },
]

PENDING_APPLICATIONS = [
    {
        "company_name": "福满堂家政服务有限公司",
        "district": "110115",
        "address": "兴华大街三段5号",
        "coordinates": ("39.726900", "116.341000"),
        "categories": ["domestic-companion", "domestic-hourly"],
        "applicant": ("13900000041", "韩德明"),
        "legal_representative": "韩德明",
        "introduction": "大兴区老人陪护、医院陪护和小时工服务。",
    },
    {
        "company_name": "e家帮维修服务有限公司",
        "district": "110107",
        "address": "鲁谷路74号瑞达大厦",
        "coordinates": ("39.906700", "116.222800"),
        "categories": ["repair-pipe", "repair-doors-windows"],
        "applicant": ("13900000042", "曹磊"),
        "legal_representative": "曹磊",
        "introduction": "管道疏通、门窗维修，24小时上门。",
    },
    {
        "company_name": "金牌管家家庭服务有限公司",
        "district": "110113",
        "address": "府前中街12号",
        "coordinates": ("40.130000", "116.654500"),
        "categories": ["domestic-butler", "domestic-foreign-butler"],
        "applicant": ("13900000043", "邓雅琴"),
        "legal_representative": "邓雅琴",
        "introduction": "涉外管家、普通管家服务，管家可用英语交流。",
    },
]


FEE_NOTES = {
    "hour": "按实际服务时长计费，四小时起约，含基础清洁工具。",
    "visit": "含上门费，更换配件或材料另计。",
    "day": "按天计费，提前一天预约。",
    "month": "按月结算，签订服务合同，每月休息四天。",
    "sqm": "按实际面积计费，含清洁剂和工具。",
}


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN_NAMES = [
    "秀英",
    "桂芳",
    "玉兰",
    "淑珍",
    "丽华",
    "春梅",
    "红霞",
    "海燕",
    "建华",
    "凤英",
    "美玲",
    "晓红",
    "志强",
    "国庆",
    "建军",
    "金凤",
    "翠花",
    "素芬",
    "爱华",
    "文静",
]
WORKERS_PER_PROVIDER = (7, 7, 7, 7, 6, 6)


def demo_credit_code(serial):
    """Return a valid unified social credit code for demo company ``serial``."""
    first17 = f"91110000MA0{serial:06d}"
    return first17 + check_character(first17)


def licence_image(company_name):
    """Return a small PNG standing in for a scanned business licence."""
    image = Image.new("RGB", (240, 160), "white")
    ImageDraw.Draw(image).rectangle((8, 8, 232, 152), outline="red", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(
        "licence.png", buffer.getvalue(), content_type="image/png"
    )


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the logins."
        )

    def handle(self, *args, **options):
        if User.objects.filter(phone=PLATFORM_STAFF[0][0]).exists():
            self.stdout.write("演示数据已存在，跳过载入。 Demo data already loaded.")
        else:
            with transaction.atomic():
                self._load()
            self.stdout.write(self.style.SUCCESS("演示数据已载入。 Demo data loaded."))
        if not options["quiet_logins"]:
            self._print_logins()

    def _load(self):
        steps = [
            ("platform", self._load_platform),
            ("providers", self._load_providers),
            ("pending applications", self._load_pending_applications),
            ("members", self._load_members),
            ("workers", self._load_workers),
            ("customers and orders", self._load_orders),
        ]
        for number, (label, step) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {label}")
            step()

    def _load_platform(self):
        self.platform = accounts.create_organization(
            kind=Organization.Kind.PLATFORM,
            name=PLATFORM_NAME,
            contact_phone="01065001234",
            region=Region.objects.get(pk=PLATFORM_DISTRICT),
            address="东长安街1号",
        )
        accounts.create_user(
            phone="13900000000",
            name="系统超级用户",
            password=DEMO_PASSWORD,
            is_superuser=True,
        )
        self.staff = {}
        for phone, name, role in PLATFORM_STAFF:
            self.staff[role] = accounts.create_user(
                phone=phone,
                name=name,
                password=DEMO_PASSWORD,
                role=role,
                organization=self.platform,
            )

    def _apply(self, spec, serial):
        phone, name = spec["applicant"]
        enterprise = accounts.create_organization(
            kind=Organization.Kind.ENTERPRISE,
            name=spec["company_name"],
            contact_phone=phone,
        )
        applicant = accounts.create_user(
            phone=phone,
            name=name,
            password=DEMO_PASSWORD,
            role=Role.ENTERPRISE_MEMBER,
            organization=enterprise,
        )
        latitude, longitude = spec["coordinates"]
        return franchise.submit_application(
            applicant=applicant,
            organization=enterprise,
            data={
                "company_name": spec["company_name"],
                "credit_code": demo_credit_code(serial),
                "legal_representative": spec["legal_representative"],
                "contact_phone": phone,
                "region": Region.objects.get(pk=spec["district"]),
                "address": spec["address"],
                "latitude": Decimal(latitude),
                "longitude": Decimal(longitude),
                "introduction": spec["introduction"],
                "categories": list(
                    Category.objects.filter(code__in=spec["categories"])
                ),
            },
            documents=[
                (
                    ApplicationDocument.Kind.BUSINESS_LICENCE,
                    licence_image(spec["company_name"]),
                )
            ],
        )

    def _load_providers(self):
        reviewer = self.staff[Role.PLATFORM_ADMIN]
        items = {item.code: item for item in ServiceItem.objects.all()}
        self.providers = []
        for serial, spec in enumerate(PROVIDERS, start=1):
            application = self._apply(spec, serial)
            application = franchise.approve_application(
                application=application, reviewer=reviewer
            )
            provider = application.provider
            self.providers.append(provider)
            showcase.set_featured(
                profile=provider.provider_profile, is_featured=True, actor=reviewer
            )
            for code, price in spec["fees"].items():
                fees.create_provider_item(
                    organization=provider,
                    item=items[code],
                    price=Decimal(price),
                    description=FEE_NOTES[items[code].unit],
                )
            for title, category, headcount, low, high in spec["jobs"]:
                jobs.create_job_posting(
                    organization=provider,
                    data={
                        "title": title,
                        "category": Category.objects.get(code=category),
                        "description": "五险一金，包食宿，岗前免费培训。",
                        "requirements": "身体健康，吃苦耐劳，有相关经验者优先。",
                        "headcount": headcount,
                        "salary_min": Decimal(low),
                        "salary_max": Decimal(high),
                        "region": provider.region,
                    },
                )

    def _load_pending_applications(self):
        offset = len(PROVIDERS)
        for serial, spec in enumerate(PENDING_APPLICATIONS, start=offset + 1):
            self._apply(spec, serial)

    def _load_members(self):
        sunshine = self.providers[0]
        accounts.create_user(
            phone="13900000012",
            name="钱美玲",
            password=DEMO_PASSWORD,
            role=Role.PROVIDER_STAFF,
            organization=sunshine,
        )
        accounts.create_user(
            phone="13900000021",
            name="杨帆",
            password=DEMO_PASSWORD,
            role=Role.FAMILY_MEMBER,
        )
        company = accounts.create_organization(
            kind=Organization.Kind.ENTERPRISE,
            name="北京智联科技有限公司",
            contact_phone="13900000022",
        )
        accounts.create_user(
            phone="13900000022",
            name="林涛",
            password=DEMO_PASSWORD,
            role=Role.ENTERPRISE_MEMBER,
            organization=company,
        )

    def _load_workers(self):
        """Give every provider workers with skills, schedules and checks."""
        actor = self.staff[Role.PLATFORM_ADMIN]
        today = timezone.localdate()
        serial = 0
        for provider, count in zip(self.providers, WORKERS_PER_PROVIDER, strict=True):
            skills = [
                offer.item
                for offer in ProviderServiceItem.objects.filter(
                    organization=provider
                ).select_related("item")
            ]
            for n in range(count):
                serial += 1
                name = SURNAMES[serial % len(SURNAMES)] + GIVEN_NAMES[serial % 20]
                phone = f"1380000{serial:04d}"
                if serial == 1:
                    # The demo worker login of the README.
                    name, phone = "李桂芳", "13900000013"
                worker = workers.create_worker(
                    organization=provider,
                    name=name,
                    phone=phone,
                    actor=actor,
                    skills=skills[: 1 + n % len(skills)],
                    service_mode=(
                        ServiceMode.LIVE_IN if n % 5 == 4 else ServiceMode.DAY_TIME
                    ),
                    districts=[provider.region],
                    years_experience=1 + serial % 12,
                    home_latitude=provider.latitude + Decimal(n - 3) / 100,
                    home_longitude=provider.longitude + Decimal(3 - n) / 100,
                    user_password=DEMO_PASSWORD if serial == 1 else None,
                )
                # Most certificates run for a year; a few expire within the
                # month (the console lists them) and one has expired.
                expires_on = today + datetime.timedelta(days=200 + serial)
                if serial % 9 == 0:
                    expires_on = today + datetime.timedelta(days=10 + serial % 15)
                if serial == 40:
                    expires_on = today - datetime.timedelta(days=3)
                workers.record_health_certificate(
                    worker=worker,
                    actor=actor,
                    number=f"JK{today.year}{serial:05d}",
                    issued_on=expires_on - datetime.timedelta(days=365),
                    expires_on=expires_on,
                    issued_by="北京市疾病预防控制中心",
                )
                last_day = 6 if n % 2 else 5
                workers.set_weekly_availability(
                    worker=worker,
                    actor=actor,
                    windows=[
                        {"weekday": day, "start_time": "08:00", "end_time": "18:00"}
                        for day in range(last_day + 1)
                    ],
                )

    def _load_orders(self):
        load_bookings_demo(stdout=self.stdout)

    def _print_logins(self):
        rows = [("Django admin 超级用户", "13900000000")]
        rows += [(role.label, phone) for phone, _name, role in PLATFORM_STAFF]
        rows += [
            (f"{Role.PROVIDER_ADMIN.label}（阳光家政）", "13900000011"),
            (f"{Role.PROVIDER_STAFF.label}（阳光家政）", "13900000012"),
            (f"{Role.WORKER.label}（阳光家政）", "13900000013"),
            (Role.FAMILY_MEMBER.label, "13900000021"),
            (Role.ENTERPRISE_MEMBER.label, "13900000022"),
        ]
        self.stdout.write("")
        self.stdout.write(f"演示账号 Demo logins (密码 password: {DEMO_PASSWORD})")
        for label, phone in rows:
            self.stdout.write(f"  {phone}  {label}")
        pending = FranchiseApplication.objects.filter(
            status=FranchiseApplication.Status.SUBMITTED
        ).count()
        published = ProviderServiceItem.objects.filter(is_published=True).count()
        self.stdout.write(
            f"  ({pending} pending franchise applications, "
            f"{published} published fee standards)"
        )

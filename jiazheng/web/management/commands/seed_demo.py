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
from jiazheng.bookings.demo_featured import load_featured
from jiazheng.catalog.models import Category, ServiceItem
from jiazheng.common.credit_code import check_character
from jiazheng.common.models import Region
from jiazheng.providers.models import (
    ApplicationDocument,
    FranchiseApplication,
    ProviderServiceItem,
)
from jiazheng.providers.services import fees, franchise, jobs, showcase
from jiazheng.web.demo_data import (
    DEMO_FAMILY_PHONE,
    DEMO_PASSWORD,
    DEMO_WORKER_PHONE,
    FEE_NOTES,
    GIVEN_NAMES,
    PENDING_APPLICATIONS,
    PLATFORM_DISTRICT,
    PLATFORM_NAME,
    PLATFORM_STAFF,
    PROVIDERS,
    SURNAMES,
    WORKERS_PER_PROVIDER,
)
from jiazheng.workers import services as workers
from jiazheng.workers.models import ServiceMode


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
            phone=DEMO_FAMILY_PHONE,
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
                    name, phone = "李桂芳", DEMO_WORKER_PHONE
                worker = workers.create_worker(
                    organization=provider,
                    name=name,
                    phone=phone,
                    actor=actor,
                    # The demo login does all of her provider's items.
                    skills=skills if serial == 1 else skills[: 1 + n % len(skills)],
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
        # The logins' own orders first, so the others are dispatched around them.
        load_featured(
            worker_phone=DEMO_WORKER_PHONE,
            member_phone=DEMO_FAMILY_PHONE,
            stdout=self.stdout,
        )
        load_bookings_demo(stdout=self.stdout)

    def _print_logins(self):
        rows = [("Django admin 超级用户", "13900000000")]
        rows += [(role.label, phone) for phone, _name, role in PLATFORM_STAFF]
        rows += [
            (f"{Role.PROVIDER_ADMIN.label}（阳光家政）", "13900000011"),
            (f"{Role.PROVIDER_STAFF.label}（阳光家政）", "13900000012"),
            (f"{Role.WORKER.label}（阳光家政）", DEMO_WORKER_PHONE),
            (Role.FAMILY_MEMBER.label, DEMO_FAMILY_PHONE),
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

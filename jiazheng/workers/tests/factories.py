"""Factories for workers and their records.

``WorkerFactory()`` gives a dispatchable worker: active, employed by a new
provider, with a health certificate valid for a year around today,
Monday–Sunday 08:00–18:00 availability and one skill.
"""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jiazheng.accounts.models import Organization
from jiazheng.accounts.tests.factories import OrganizationFactory
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.models import Region
from jiazheng.hr.models import Employee
from jiazheng.workers.models import (
    BackgroundCheck,
    Certificate,
    CheckResult,
    HealthCertificate,
    Leave,
    ServiceMode,
    TrialWork,
    WeeklyAvailability,
    WorkerProfile,
)

# A body that filetype recognises as PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SURNAMES = "王李张刘陈杨赵黄周吴"


def district(code="110105", name="朝阳区"):
    """Return a district of Beijing (creating 北京市 > 北京市 > it if needed)."""
    province, _ = Region.objects.get_or_create(
        code="110000", defaults={"name": "北京市", "level": Region.Level.PROVINCE}
    )
    city, _ = Region.objects.get_or_create(
        code="110100",
        defaults={"name": "北京市", "level": Region.Level.CITY, "parent": province},
    )
    region, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": Region.Level.DISTRICT, "parent": city},
    )
    return region


def pdf_upload(name="scan.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="scan.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class ProviderOrganizationFactory(OrganizationFactory):
    kind = Organization.Kind.PROVIDER
    name = factory.Sequence(lambda n: f"好帮手家政服务有限公司{n}号")


class WorkerEmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    organization = factory.SubFactory(ProviderOrganizationFactory)
    name = factory.Sequence(lambda n: f"{SURNAMES[n % len(SURNAMES)]}秀兰{n}")
    gender = Employee.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"159{n:08d}")
    status = Employee.Status.ACTIVE
    is_worker = True


class BareWorkerFactory(factory.django.DjangoModelFactory):
    """A worker profile without records (no health certificate: not dispatchable)."""

    class Meta:
        model = WorkerProfile
        skip_postgeneration_save = True

    organization = factory.SubFactory(ProviderOrganizationFactory)
    employee = factory.SubFactory(
        WorkerEmployeeFactory,
        organization=factory.SelfAttribute("..organization"),
    )
    years_experience = 3
    service_mode = ServiceMode.DAY_TIME
    is_active = True

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if create and extracted:
            self.skills.set(extracted)

    @factory.post_generation
    def districts(self, create, extracted, **kwargs):
        if create and extracted:
            self.districts.set(extracted)


class WorkerFactory(BareWorkerFactory):
    """A dispatchable worker: health certificate, the whole week 08–18, a skill.

    ``WorkerFactory(skills=[item], districts=[region])`` replaces the default
    skill and adds districts; ``health_certificate=False`` leaves it out.
    """

    @factory.post_generation
    def skills(self, create, extracted, **kwargs):
        if not create:
            return
        self.skills.set(extracted if extracted is not None else [ServiceItemFactory()])

    @factory.post_generation
    def health_certificate(self, create, extracted, **kwargs):
        if create and extracted is not False:
            HealthCertificateFactory(worker=self)

    @factory.post_generation
    def week(self, create, extracted, **kwargs):
        if create and extracted is not False:
            WeeklyAvailability.objects.bulk_create(
                WeeklyAvailability(
                    worker=self,
                    weekday=weekday,
                    start_time=datetime.time(8, 0),
                    end_time=datetime.time(18, 0),
                )
                for weekday in range(7)
            )


class HealthCertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCertificate

    worker = factory.SubFactory(BareWorkerFactory)
    number = factory.Sequence(lambda n: f"JKZ2026{n:06d}")
    issued_by = "朝阳区疾病预防控制中心"
    issued_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=30)
    )
    expires_on = factory.LazyAttribute(
        lambda o: o.issued_on + datetime.timedelta(days=365)
    )


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    worker = factory.SubFactory(BareWorkerFactory)
    kind = Certificate.Kind.CHILDCARE
    number = factory.Sequence(lambda n: f"YY{n:08d}")
    issued_on = datetime.date(2024, 3, 1)


class BackgroundCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BackgroundCheck

    worker = factory.SubFactory(BareWorkerFactory)
    result = CheckResult.PASSED
    checked_on = factory.LazyFunction(timezone.localdate)
    checked_by = "派出所"


class TrialWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrialWork

    worker = factory.SubFactory(BareWorkerFactory)
    result = CheckResult.PASSED
    date = factory.LazyFunction(timezone.localdate)


class WeeklyAvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyAvailability

    worker = factory.SubFactory(BareWorkerFactory)
    weekday = 0
    start_time = datetime.time(8, 0)
    end_time = datetime.time(18, 0)


class LeaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leave

    worker = factory.SubFactory(BareWorkerFactory)
    starts_at = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=1)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(days=1))
    reason = "回老家"

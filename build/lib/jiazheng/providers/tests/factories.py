"""Factories for franchise applications, providers, fee standards and jobs."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jiazheng.accounts.models import Organization
from jiazheng.accounts.tests.factories import (
    EnterpriseOrganizationFactory,
    OrganizationFactory,
    UserFactory,
)
from jiazheng.catalog.tests.factories import ServiceItemFactory
from jiazheng.common.credit_code import check_character
from jiazheng.common.models import Region
from jiazheng.providers.models import (
    FranchiseApplication,
    JobPosting,
    ProviderProfile,
    ProviderServiceItem,
)

# A real-looking body that filetype recognises as PDF.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_credit_code(n):
    """Return a valid unified social credit code, different for each ``n``."""
    first17 = f"91110105{n:09d}"
    return first17 + check_character(first17)


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


def pdf_upload(name="licence.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png_upload(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class FranchiseApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application (no documents; add them in the test if needed)."""

    class Meta:
        model = FranchiseApplication
        skip_postgeneration_save = True

    organization = factory.SubFactory(EnterpriseOrganizationFactory)
    applicant = factory.SubFactory(UserFactory)
    company_name = factory.Sequence(lambda n: f"安家家政服务有限公司{n}号")
    credit_code = factory.Sequence(make_credit_code)
    legal_representative = "张三"
    contact_phone = "010-88886666"
    region = factory.LazyFunction(district)
    address = "建国路88号"
    introduction = "专业保洁与月嫂服务。"
    status = FranchiseApplication.Status.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ProviderFactory(OrganizationFactory):
    """An approved provider: an Organization of kind provider with its showcase."""

    class Meta:
        skip_postgeneration_save = True

    kind = Organization.Kind.PROVIDER
    credit_code = factory.Sequence(lambda n: make_credit_code(500000 + n))
    region = factory.LazyFunction(district)
    address = "朝阳北路1号"
    profile = factory.RelatedFactory(
        "jiazheng.providers.tests.factories.ProviderProfileFactory",
        factory_related_name="organization",
    )


class ProviderProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderProfile
        django_get_or_create = ("organization",)

    organization = factory.SubFactory(ProviderFactory, profile=None)
    introduction = "<p>十年老店，服务周到。</p>"


class ProviderServiceItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderServiceItem

    organization = factory.SubFactory(ProviderFactory)
    item = factory.SubFactory(ServiceItemFactory)
    price = Decimal("50.00")
    description = "含清洁工具"
    is_published = True


class JobPostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobPosting

    organization = factory.SubFactory(ProviderFactory)
    title = factory.Sequence(lambda n: f"住家保姆{n}")
    description = "照顾老人起居，做饭。"
    headcount = 2
    salary_min = Decimal("6000.00")
    salary_max = Decimal("8000.00")
    region = factory.LazyFunction(district)
    status = JobPosting.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)

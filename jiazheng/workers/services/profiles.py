"""Taking workers on, changing their profile, stopping and resuming them."""

import logging
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.accounts.models import Organization, Role, User
from jiazheng.accounts.services import add_member, create_user
from jiazheng.catalog.models import ServiceItem
from jiazheng.common import regions
from jiazheng.common.errors import ServiceError
from jiazheng.common.phone import is_mobile, normalize_mobile
from jiazheng.hr.models import Employee
from jiazheng.hr.services import create_employee, update_employee
from jiazheng.workers.models import ServiceMode, WorkerChange, WorkerProfile
from jiazheng.workers.services.checks import (
    clean_choice,
    clean_coordinate,
    clean_text,
    ensure_may_manage,
    record_change,
)

logger = logging.getLogger(__name__)

NAME_MAX = 64
YEARS_MAX = 60
WORKER_ORGANIZATION_KINDS = (Organization.Kind.PROVIDER, Organization.Kind.PLATFORM)


def _pk(value):
    return getattr(value, "pk", value)


def clean_phone(phone):
    phone = normalize_mobile(phone)
    if not is_mobile(phone):
        raise ServiceError(
            _("请输入有效的11位中国大陆手机号。"), code="invalid_phone", field="phone"
        )
    return phone


def clean_skills(skills):
    """Return the active service items named by ``skills`` (items or pks)."""
    wanted = {_pk(skill) for skill in skills or ()}
    items = list(ServiceItem.objects.filter(pk__in=wanted, is_active=True))
    if len(items) != len(wanted):
        raise ServiceError(
            _("请选择有效的服务项目。"), code="invalid_skill", field="skills"
        )
    return items


def clean_districts(districts):
    """Return the district-level regions named by ``districts`` (regions or codes)."""
    wanted = {str(_pk(district)) for district in districts or ()}
    found = list(regions.selectable_regions().filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ServiceError(
            _("请选择有效的区县。"), code="invalid_district", field="districts"
        )
    return found


def clean_years(value):
    try:
        years = int(value or 0)
    except (TypeError, ValueError) as exc:
        raise ServiceError(
            _("从业年限须为整数。"), code="invalid_years", field="years_experience"
        ) from exc
    if not 0 <= years <= YEARS_MAX:
        raise ServiceError(
            _("从业年限须在 0 到 %(max)d 年之间。") % {"max": YEARS_MAX},
            code="invalid_years",
            field="years_experience",
        )
    return years


def _login_for(*, phone, name, organization, password):
    """Return the user behind ``phone``, made a worker of the organisation.

    A new person gets an account; without a password a random one is set,
    and the worker signs in by SMS code (or sets a password by reset).
    """
    user = User.objects.select_for_update().filter(phone=phone).first()
    if user is None:
        return create_user(
            phone=phone,
            name=name,
            password=password or secrets.token_urlsafe(24),
            role=Role.WORKER,
            organization=organization,
        )
    if Employee.objects.filter(user=user).exists():
        raise ServiceError(
            _("该手机号已关联其他员工档案。"), code="phone_linked", field="phone"
        )
    add_member(user=user, organization=organization, role=Role.WORKER)
    return user


@transaction.atomic
def create_worker(
    *,
    organization,
    name,
    phone,
    actor,
    skills=(),
    service_mode=ServiceMode.DAY_TIME,
    districts=(),
    years_experience=0,
    home_latitude=None,
    home_longitude=None,
    user_password=None,
    **employee_fields,
):
    """Take a worker on: the hr employee record, the profile and a login.

    The login is a WORKER membership in the organisation, so the worker
    signs in with the phone number. Other keyword arguments (gender,
    birth_date, hired_on, …) go to the employee record.
    """
    ensure_may_manage(actor, organization)
    if organization.kind not in WORKER_ORGANIZATION_KINDS:
        raise ServiceError(
            _("只有加盟企业或服务中心可以登记服务人员。"),
            code="invalid_organization",
        )
    name = clean_text(name, field="name", max_length=NAME_MAX, required=True)
    phone = clean_phone(phone)
    service_mode = clean_choice(service_mode, ServiceMode, field="service_mode")
    items = clean_skills(skills)
    served = clean_districts(districts)
    years = clean_years(years_experience)
    latitude = clean_coordinate(home_latitude, field="home_latitude", limit=90)
    longitude = clean_coordinate(home_longitude, field="home_longitude", limit=180)
    if WorkerProfile.objects.filter(
        organization=organization, employee__phone=phone
    ).exists():
        raise ServiceError(
            _("本组织已有使用该手机号的服务人员。"), code="phone_taken", field="phone"
        )

    user = _login_for(
        phone=phone, name=name, organization=organization, password=user_password
    )
    employee = create_employee(
        organization=organization,
        name=name,
        phone=phone,
        actor=actor,
        user=user,
        is_worker=True,
        **employee_fields,
    )
    worker = WorkerProfile.objects.create(
        employee=employee,
        organization=organization,
        service_mode=service_mode,
        years_experience=years,
        home_latitude=latitude,
        home_longitude=longitude,
    )
    worker.skills.set(items)
    worker.districts.set(served)
    record_change(
        worker=worker,
        action=WorkerChange.Action.CREATE,
        actor=actor,
        changes={
            "skills": sorted(item.name for item in items),
            "districts": sorted(region.code for region in served),
            "service_mode": service_mode,
        },
    )
    logger.info(
        "worker created",
        extra={"worker_id": worker.pk, "organization_id": organization.pk},
    )
    return worker


_UNSET = object()


@transaction.atomic
def update_worker(
    *,
    worker,
    actor,
    skills=None,
    districts=None,
    service_mode=None,
    years_experience=None,
    home_latitude=_UNSET,
    home_longitude=_UNSET,
    name=None,
    **employee_fields,
):
    """Change a worker's profile; arguments left out stay as they are.

    ``name`` and other personnel data (gender, birth_date, …) are passed to
    the hr record. The phone number is the worker's login and is not
    changed here.
    """
    ensure_may_manage(actor, worker.organization)
    worker = WorkerProfile.objects.select_for_update().get(pk=worker.pk)
    changes = {}

    if name is not None or employee_fields:
        employee = worker.employee
        before = {"name": employee.name, "gender": employee.gender}
        employee = update_employee(
            employee=employee, actor=actor, name=name, **employee_fields
        )
        worker.employee = employee
        for field, old in before.items():
            new = getattr(employee, field)
            if new != old:
                changes[field] = [old, new]

    if service_mode is not None:
        service_mode = clean_choice(service_mode, ServiceMode, field="service_mode")
        if service_mode != worker.service_mode:
            changes["service_mode"] = [worker.service_mode, service_mode]
            worker.service_mode = service_mode
    if years_experience is not None:
        years = clean_years(years_experience)
        if years != worker.years_experience:
            changes["years_experience"] = [worker.years_experience, years]
            worker.years_experience = years
    for field, value, limit in (
        ("home_latitude", home_latitude, 90),
        ("home_longitude", home_longitude, 180),
    ):
        if value is _UNSET:
            continue
        value = clean_coordinate(value, field=field, limit=limit)
        old = getattr(worker, field)
        if value != old:
            changes[field] = [
                None if old is None else str(old),
                None if value is None else str(value),
            ]
            setattr(worker, field, value)
    if skills is not None:
        items = clean_skills(skills)
        old = sorted(worker.skills.values_list("name", flat=True))
        new = sorted(item.name for item in items)
        if old != new:
            changes["skills"] = [old, new]
            worker.skills.set(items)
    if districts is not None:
        served = clean_districts(districts)
        old = sorted(worker.districts.values_list("code", flat=True))
        new = sorted(region.code for region in served)
        if old != new:
            changes["districts"] = [old, new]
            worker.districts.set(served)

    if changes:
        worker.save()
        record_change(
            worker=worker,
            action=WorkerChange.Action.UPDATE,
            actor=actor,
            changes=changes,
        )
        logger.info(
            "worker updated",
            extra={"worker_id": worker.pk, "fields": sorted(changes)},
        )
    return worker


@transaction.atomic
def deactivate_worker(*, worker, actor, reason=""):
    """Stop sending the worker out (they stay on file)."""
    ensure_may_manage(actor, worker.organization)
    reason = clean_text(reason, field="reason", max_length=255)
    worker = WorkerProfile.objects.select_for_update().get(pk=worker.pk)
    if not worker.is_active:
        raise ServiceError(_("该服务人员已停止接单。"), code="already_inactive")
    worker.is_active = False
    worker.deactivated_at = timezone.now()
    worker.deactivation_reason = reason
    worker.save(
        update_fields=[
            "is_active",
            "deactivated_at",
            "deactivation_reason",
            "updated_at",
        ]
    )
    record_change(
        worker=worker,
        action=WorkerChange.Action.DEACTIVATE,
        actor=actor,
        changes={"reason": reason},
    )
    logger.info("worker deactivated", extra={"worker_id": worker.pk})
    return worker


@transaction.atomic
def activate_worker(*, worker, actor):
    """Let a stopped worker take work again."""
    ensure_may_manage(actor, worker.organization)
    worker = WorkerProfile.objects.select_for_update().get(pk=worker.pk)
    if worker.is_active:
        raise ServiceError(_("该服务人员正在接单。"), code="already_active")
    worker.is_active = True
    worker.deactivated_at = None
    worker.deactivation_reason = ""
    worker.save(
        update_fields=[
            "is_active",
            "deactivated_at",
            "deactivation_reason",
            "updated_at",
        ]
    )
    record_change(worker=worker, action=WorkerChange.Action.ACTIVATE, actor=actor)
    logger.info("worker activated", extra={"worker_id": worker.pk})
    return worker

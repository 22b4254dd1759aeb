"""Operations on personnel records: hire, edit, move, leave.

The workers app creates a worker's employee record through
``create_employee``; everything that changes an employee goes through here
so that ID numbers are always stored encrypted and every move between
departments and positions leaves a ``PositionChange`` row.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiazheng.accounts.models import Organization
from jiazheng.accounts.services.signup import NAME_MAX, clean_text
from jiazheng.accounts.services.sms_codes import clean_phone
from jiazheng.common import crypto
from jiazheng.common.errors import ServiceError
from jiazheng.common.idcard import (
    birth_date_of,
    gender_of,
    mask_id_number,
    parse_id_number,
)
from jiazheng.hr.models import (
    ETHNICITIES,
    Department,
    Employee,
    Position,
    PositionChange,
)

logger = logging.getLogger(__name__)

NATIVE_PLACE_MAX = 64
NOTE_MAX = 1000
REASON_MAX = 255
EMPLOYER_KINDS = (Organization.Kind.PLATFORM, Organization.Kind.PROVIDER)
EMPLOYEE_FIELDS = frozenset(
    {
        "gender",
        "birth_date",
        "id_number",
        "ethnicity",
        "native_place",
        "hired_on",
        "is_worker",
        "user",
        "note",
    }
)


def _clean_organization(organization):
    if organization is None or organization.kind not in EMPLOYER_KINDS:
        raise ServiceError(
            _("员工只能属于服务中心或加盟企业。"),
            code="invalid_organization",
            field="organization",
        )
    return organization


def _clean_ethnicity(value):
    value = str(value or "").strip()
    if not value:
        return ""
    codes = {code for code, _label in ETHNICITIES}
    if value in codes:
        return value
    # Names are matched in Chinese (the msgids) and in the active language.
    with translation.override("zh-hans"):
        by_name = {str(label): code for code, label in ETHNICITIES}
    by_name.update({str(label): code for code, label in ETHNICITIES})
    if value in by_name:
        return by_name[value]
    raise ServiceError(
        _("请选择有效的民族。"), code="invalid_ethnicity", field="ethnicity"
    )


def _clean_gender(value):
    if value in (None, ""):
        return ""
    if value not in Employee.Gender.values:
        raise ServiceError(_("请选择性别。"), code="invalid_gender", field="gender")
    return value


def _clean_date(value, *, field, allow_future=True):
    if value in (None, ""):
        return None
    if not isinstance(value, datetime.date):
        try:
            value = datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ServiceError(
                _("日期格式不正确。"), code="invalid_date", field=field
            ) from exc
    if not allow_future and value > timezone.localdate():
        raise ServiceError(_("日期不能晚于今天。"), code="date_in_future", field=field)
    return value


def _clean_id_number(value):
    """Return the normalised number (or "") and its birth date and gender."""
    if value in (None, ""):
        return "", None, ""
    try:
        number = parse_id_number(value)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.code, field="id_number") from exc
    return number, birth_date_of(number), gender_of(number)


def _clean_department(department, organization):
    if department is not None and department.organization_id != organization.pk:
        raise ServiceError(
            _("所选部门不属于该组织。"), code="invalid_department", field="department"
        )
    return department


def _clean_position(position, organization):
    if position is not None and position.organization_id != organization.pk:
        raise ServiceError(
            _("所选岗位不属于该组织。"), code="invalid_position", field="position"
        )
    return position


def _apply_fields(employee, fields):
    """Validate ``fields`` and set them on ``employee`` (not saved)."""
    unknown = set(fields) - EMPLOYEE_FIELDS
    if unknown:
        raise TypeError(f"unknown employee fields: {sorted(unknown)}")

    if "id_number" in fields:
        number, id_birth, id_gender = _clean_id_number(fields["id_number"])
        employee.id_number_encrypted = crypto.encrypt(number) if number else ""
        employee.id_number_hash = crypto.keyed_hash(number) if number else ""
        employee.id_number_masked = mask_id_number(number) if number else ""
    else:
        number, id_birth, id_gender = "", None, ""
    birth_date = _clean_date(
        fields.get("birth_date"), field="birth_date", allow_future=False
    )
    gender = _clean_gender(fields.get("gender"))
    if number:
        # The ID number is authoritative: a typed birth date or gender that
        # disagrees with it is a typo in one of them.
        if birth_date and birth_date != id_birth:
            raise ServiceError(
                _("出生日期与身份证号不一致。"),
                code="birth_date_mismatch",
                field="birth_date",
            )
        if gender and gender != id_gender:
            raise ServiceError(
                _("性别与身份证号不一致。"), code="gender_mismatch", field="gender"
            )
        employee.birth_date, employee.gender = id_birth, id_gender
    else:
        if "birth_date" in fields:
            employee.birth_date = birth_date
        if "gender" in fields:
            employee.gender = gender
    if "ethnicity" in fields:
        employee.ethnicity = _clean_ethnicity(fields["ethnicity"])
    if "native_place" in fields:
        employee.native_place = clean_text(
            fields["native_place"],
            field="native_place",
            max_length=NATIVE_PLACE_MAX,
            required=False,
        )
    if "hired_on" in fields:
        employee.hired_on = _clean_date(fields["hired_on"], field="hired_on")
    if "is_worker" in fields:
        employee.is_worker = bool(fields["is_worker"])
    if "user" in fields:
        employee.user = fields["user"]
    if "note" in fields:
        employee.note = clean_text(
            fields["note"], field="note", max_length=NOTE_MAX, required=False
        )


def _save(employee):
    try:
        with transaction.atomic():
            employee.save()
    except IntegrityError as exc:
        if employee.id_number_hash and (
            Employee.objects.filter(
                organization_id=employee.organization_id,
                id_number_hash=employee.id_number_hash,
            )
            .exclude(pk=employee.pk)
            .exists()
        ):
            raise ServiceError(
                _("该身份证号已有本组织的员工档案。"),
                code="id_number_taken",
                field="id_number",
            ) from exc
        raise ServiceError(
            _("该账号已关联其他员工档案。"), code="user_taken", field="user"
        ) from exc


@transaction.atomic
def create_employee(
    *,
    organization,
    name,
    phone,
    actor=None,
    department=None,
    position=None,
    **fields,
):
    """Create an employee record of a platform or provider organisation.

    ``fields`` may hold gender, birth_date, id_number (plain; stored
    encrypted), ethnicity (GB/T 3304 code or name), native_place, hired_on,
    is_worker, user and note.
    """
    organization = _clean_organization(organization)
    employee = Employee(
        organization=organization,
        name=clean_text(name, field="name", max_length=NAME_MAX),
        phone=clean_phone(phone),
        department=_clean_department(department, organization),
        position=_clean_position(position, organization),
    )
    fields.setdefault("hired_on", timezone.localdate())
    _apply_fields(employee, fields)
    _save(employee)
    logger.info(
        "employee created",
        extra={
            "employee_id": employee.pk,
            "organization_id": organization.pk,
            "actor_id": getattr(actor, "pk", None),
        },
    )
    return employee


@transaction.atomic
def update_employee(*, employee, actor=None, name=None, phone=None, **fields):
    """Change an employee's personal details.

    Department and position change through ``change_position`` so that the
    move is recorded. An ID number left out (or None) keeps the stored one.
    """
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if name is not None:
        employee.name = clean_text(name, field="name", max_length=NAME_MAX)
    if phone is not None:
        employee.phone = clean_phone(phone)
    if fields.get("id_number", "") is None:
        fields.pop("id_number")
    _apply_fields(employee, fields)
    _save(employee)
    logger.info(
        "employee updated",
        extra={"employee_id": employee.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return employee


@transaction.atomic
def change_position(
    *, employee, department, position, changed_on=None, note="", actor=None
):
    """Move an employee to another department or position, with history."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status == Employee.Status.LEFT:
        raise ServiceError(_("该员工已离职，不能调整岗位。"), code="employee_left")
    organization = employee.organization
    department = _clean_department(department, organization)
    position = _clean_position(position, organization)
    changed_on = _clean_date(changed_on, field="changed_on") or timezone.localdate()
    note = clean_text(note, field="note", max_length=REASON_MAX, required=False)
    if department == employee.department and position == employee.position:
        raise ServiceError(
            _("部门和岗位均未变化。"), code="no_change", field="position"
        )

    change = PositionChange.objects.create(
        employee=employee,
        from_department=employee.department,
        to_department=department,
        from_position=employee.position,
        to_position=position,
        changed_on=changed_on,
        note=note,
        changed_by=actor,
    )
    employee.department, employee.position = department, position
    employee.save(update_fields=["department", "position", "updated_at"])
    logger.info(
        "employee position changed",
        extra={"employee_id": employee.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return change


@transaction.atomic
def record_leaving(*, employee, left_on=None, reason="", actor=None):
    """Mark an employee as having left; the record stays for the archive."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status == Employee.Status.LEFT:
        raise ServiceError(_("该员工已办理离职。"), code="employee_left")
    left_on = _clean_date(left_on, field="left_on") or timezone.localdate()
    if employee.hired_on and left_on < employee.hired_on:
        raise ServiceError(
            _("离职日期不能早于入职日期。"), code="left_before_hired", field="left_on"
        )
    employee.status = Employee.Status.LEFT
    employee.left_on = left_on
    employee.leaving_reason = clean_text(
        reason, field="reason", max_length=REASON_MAX, required=False
    )
    employee.save(update_fields=["status", "left_on", "leaving_reason", "updated_at"])
    logger.info(
        "employee left",
        extra={"employee_id": employee.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return employee


def _clean_unit_name(name):
    return clean_text(name, field="name", max_length=NAME_MAX)


@transaction.atomic
def create_department(*, organization, name, parent=None, actor=None):
    """Create a department; names are unique within an organisation."""
    organization = _clean_organization(organization)
    name = _clean_unit_name(name)
    if parent is not None and parent.organization_id != organization.pk:
        raise ServiceError(
            _("上级部门不属于该组织。"), code="invalid_department", field="parent"
        )
    try:
        with transaction.atomic():
            department = Department.objects.create(
                organization=organization, name=name, parent=parent
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("本组织已有同名部门。"), code="department_exists", field="name"
        ) from exc
    logger.info(
        "department created",
        extra={"department_id": department.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return department


@transaction.atomic
def create_position(*, organization, name, actor=None):
    """Create a position; names are unique within an organisation."""
    organization = _clean_organization(organization)
    name = _clean_unit_name(name)
    try:
        with transaction.atomic():
            position = Position.objects.create(organization=organization, name=name)
    except IntegrityError as exc:
        raise ServiceError(
            _("本组织已有同名岗位。"), code="position_exists", field="name"
        ) from exc
    logger.info(
        "position created",
        extra={"position_id": position.pk, "actor_id": getattr(actor, "pk", None)},
    )
    return position

"""Real-name verification (OP-1): submit, approve, reject."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.accounts.identity import get_identity_backend
from jiazheng.accounts.models import IdentityVerification, Role, User
from jiazheng.accounts.services.signup import NAME_MAX, clean_text
from jiazheng.accounts.tenancy import has_role, is_platform_staff
from jiazheng.common.crypto import encrypt, keyed_hash
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.common.idcard import mask_id_number, parse_id_number
from jiazheng.common.uploads import validate_upload

logger = logging.getLogger(__name__)

ID_PHOTO_MAX_BYTES = 10 * 1024 * 1024
REVIEWER_ROLES = (Role.PLATFORM_ADMIN, Role.DISPATCHER)
REASON_MAX = 255

Status = IdentityVerification.Status


def can_review(user):
    """Return whether ``user`` may approve or reject verifications."""
    return is_platform_staff(user) and has_role(user, *REVIEWER_ROLES)


def can_see_id_photo(user, verification):
    """The owner and platform staff may see an ID photo; nobody else."""
    return user.is_authenticated and (
        verification.user_id == user.pk or is_platform_staff(user)
    )


def _taken_message():
    return _("该身份证号已被其他账户实名认证。")


def _clean_id_number(id_number):
    try:
        return parse_id_number(id_number)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=exc.code, field="id_number") from exc


def _check_photo(id_photo):
    if not id_photo:
        raise ServiceError(_("请上传身份证照片。"), code="required", field="id_photo")
    try:
        validate_upload(id_photo, kinds=("image",), max_bytes=ID_PHOTO_MAX_BYTES)
    except ValidationError as exc:
        message = exc.messages[0]
        raise ServiceError(message, code=exc.code, field="id_photo") from exc


def submit_verification(*, user, real_name, id_number, id_photo):
    """Record a verification request and run the identity backend on it.

    The backend may settle it at once (a provider API confirming or refuting
    name and number); otherwise it waits for a reviewer.
    """
    real_name = clean_text(real_name, field="real_name", max_length=NAME_MAX)
    id_number = _clean_id_number(id_number)
    _check_photo(id_photo)
    open_ones = IdentityVerification.objects.filter(
        user=user, status__in=[Status.PENDING, Status.APPROVED]
    ).values_list("status", flat=True)
    if Status.APPROVED in open_ones:
        raise ServiceError(_("您已完成实名认证。"), code="already_verified")
    if Status.PENDING in open_ones:
        raise ServiceError(
            _("您的实名认证正在审核中，请耐心等待。"), code="verification_pending"
        )
    id_hash = keyed_hash(id_number)
    if IdentityVerification.objects.filter(
        id_number_hash=id_hash, status=Status.APPROVED
    ).exists():
        raise ServiceError(_taken_message(), code="id_number_taken", field="id_number")

    # Outside the transaction: it may be a network call.
    backend = get_identity_backend()
    result = backend.check(real_name, id_number)

    status = Status.PENDING
    if not result.needs_manual_review and result.ok is not None:
        status = Status.APPROVED if result.ok else Status.REJECTED
    try:
        with transaction.atomic():
            verification = IdentityVerification.objects.create(
                user=user,
                real_name=real_name,
                id_number_encrypted=encrypt(id_number),
                id_number_hash=id_hash,
                id_number_masked=mask_id_number(id_number),
                id_photo=id_photo,
                status=status,
                backend=backend.name,
                backend_ok=result.ok,
                backend_message=str(result.message)[:255],
                reviewed_at=timezone.now() if status != Status.PENDING else None,
                reject_reason=str(result.message)[:255]
                if status == Status.REJECTED
                else "",
            )
            if status == Status.APPROVED:
                _mark_verified(verification.user_id)
    except IntegrityError as exc:
        # Two requests at once, or the same number approved meanwhile.
        raise ServiceError(
            _("实名认证提交失败：已有待审核的申请或该身份证号已被认证。"),
            code="verification_conflict",
        ) from exc
    logger.info(
        "identity verification submitted",
        extra={"verification_id": verification.pk, "status": status},
    )
    return verification


def _mark_verified(user_id):
    User.objects.filter(pk=user_id).update(is_real_name_verified=True)


def _lock_pending(verification, reviewer):
    if not can_review(reviewer):
        raise NotAllowed()
    locked = IdentityVerification.objects.select_for_update().get(pk=verification.pk)
    if locked.status != Status.PENDING:
        raise ServiceError(_("该申请已审核，不能重复操作。"), code="already_reviewed")
    return locked


def approve_verification(*, verification, reviewer):
    """Approve a pending request: the user becomes real-name verified."""
    try:
        with transaction.atomic():
            # Locked so that two reviewers cannot decide the same request.
            locked = _lock_pending(verification, reviewer)
            locked.status = Status.APPROVED
            locked.reviewer = reviewer
            locked.reviewed_at = timezone.now()
            locked.save(
                update_fields=["status", "reviewer", "reviewed_at", "updated_at"]
            )
            _mark_verified(locked.user_id)
    except IntegrityError as exc:
        raise ServiceError(_taken_message(), code="id_number_taken") from exc
    logger.info(
        "identity verification approved",
        extra={"verification_id": locked.pk, "reviewer_id": reviewer.pk},
    )
    return locked


@transaction.atomic
def reject_verification(*, verification, reviewer, reason):
    """Reject a pending request with a reason the user will read."""
    reason = clean_text(reason, field="reject_reason", max_length=REASON_MAX)
    locked = _lock_pending(verification, reviewer)
    locked.status = Status.REJECTED
    locked.reviewer = reviewer
    locked.reviewed_at = timezone.now()
    locked.reject_reason = reason
    locked.save(
        update_fields=[
            "status",
            "reviewer",
            "reviewed_at",
            "reject_reason",
            "updated_at",
        ]
    )
    logger.info(
        "identity verification rejected",
        extra={"verification_id": locked.pk, "reviewer_id": reviewer.pk},
    )
    return locked

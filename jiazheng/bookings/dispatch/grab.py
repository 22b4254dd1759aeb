"""Grab orders (抢单): a provider offers an order to its free, qualified workers.

The first worker to take it gets it. Taking locks the order, then the worker
(the lock order of every assignment), checks the same rules as a dispatcher's
assignment and closes the offer with one guarded UPDATE; only the call that
closed it creates the work order.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiazheng.bookings.dispatch import live
from jiazheng.bookings.dispatch.candidates import (
    candidates_for_job,
    job_for,
    jobs_for,
    load_candidates,
    period_of,
)
from jiazheng.bookings.dispatch.scoring import evaluate, rank
from jiazheng.bookings.dispatch.services import (
    check_assignable,
    create_work_order,
    evaluate_worker,
    lock,
)
from jiazheng.bookings.models import GrabOffer, Order, WorkOrder
from jiazheng.common.errors import NotAllowed, ServiceError
from jiazheng.workers.models import WorkerProfile

logger = logging.getLogger(__name__)


def worker_of(user):
    """Return the active worker profile of a signed-in worker, or refuse."""
    worker = (
        WorkerProfile.objects.select_related("employee")
        .filter(employee__user=user)
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if worker is None:
        raise NotAllowed(_("只有服务人员可以抢单。"), code="not_a_worker")
    return worker


def open_grab(*, order, actor):
    """Offer ``order`` to its provider's free, qualified workers; return the offer.

    The caller has checked that ``actor`` may dispatch the order.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        check_assignable(order)
        if order.organization_id is None:
            raise ServiceError(
                _("平台代选的订单请直接派工，抢单只在承接企业内进行。"),
                code="grab_needs_provider",
            )
        job = job_for(order)
        suggestions, _refused = rank(job, candidates_for_job(job), explain=False)
        if not suggestions:
            raise ServiceError(
                _("没有符合条件且空闲的服务人员，无法发起抢单。"),
                code="grab_no_worker",
            )
        offer, created = GrabOffer.objects.get_or_create(
            order=order,
            defaults={"organization_id": order.organization_id, "opened_by": actor},
        )
        if not created:
            if offer.closed_at is None:
                raise ServiceError(_("该订单已在抢单中。"), code="grab_already_open")
            offer.closed_at = None
            offer.opened_by = actor
            offer.opened_at = timezone.now()
            offer.organization_id = order.organization_id
            offer.save(
                update_fields=["closed_at", "opened_by", "opened_at", "organization"]
            )
        live.publish(order, "grab_opened")
    logger.info(
        "grab opened",
        extra={"order": order.number, "eligible": len(suggestions)},
    )
    return offer


def close_grab(*, order):
    """Close an open offer of ``order`` (it was dispatched another way)."""
    GrabOffer.objects.filter(order=order, closed_at__isnull=True).update(
        closed_at=timezone.now()
    )


def open_offers_for(worker):
    """Return the open offers ``worker`` may take, soonest first.

    Offers of the worker's organisation whose order the worker passes every
    rule for, in a fixed number of queries.
    """
    offers = list(
        GrabOffer.objects.filter(
            organization_id=worker.organization_id,
            closed_at__isnull=True,
            order__status=Order.Status.CONFIRMED,
        )
        .select_related("order__item", "order__region")
        .order_by("order__starts_at", "pk")
    )
    if not offers:
        return []
    jobs = jobs_for([offer.order for offer in offers])
    days = sorted({j.starts_at for j in jobs})
    candidates = load_candidates(
        WorkerProfile.objects.filter(pk=worker.pk),
        period=period_of(jobs),
        health_on=timezone.localtime(days[0]).date(),
    )
    if not candidates:
        return []
    candidate = candidates[0]
    return [
        offer
        for offer, job in zip(offers, jobs, strict=True)
        if evaluate(job, candidate, explain=False).feasible
    ]


def grab(*, order, worker_user):
    """Let the signed-in worker take ``order``; return the new WorkOrder."""
    worker = worker_of(worker_user)
    with transaction.atomic():
        order, worker = lock(order, worker)
        offer = GrabOffer.objects.filter(order=order).first()
        if (
            offer is None
            or offer.closed_at is not None
            or offer.organization_id != worker.organization_id
        ):
            raise ServiceError(_("该订单已被抢走或已结束抢单。"), code="grab_closed")
        check_assignable(order)
        evaluation = evaluate_worker(order, worker)
        if not evaluation.feasible:
            raise ServiceError(
                _("您不能接此单：%(reasons)s") % {"reasons": evaluation.refusal_text},
                code=f"worker_{evaluation.refusals[0]['code']}",
            )
        # The guarded update is what makes "first come, first served" hold:
        # only one caller can turn closed_at from NULL to a time.
        closed = GrabOffer.objects.filter(pk=offer.pk, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        if closed != 1:
            raise ServiceError(_("该订单已被抢走。"), code="grab_closed")
        work_order = create_work_order(
            order=order,
            worker=worker,
            actor=worker_user,
            via=WorkOrder.Via.GRAB,
            evaluation=evaluation,
        )
    logger.info("order grabbed", extra={"order": order.number, "worker_id": worker.pk})
    return work_order

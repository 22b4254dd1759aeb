"""Celery beat tasks of common: thin wrappers around its functions."""

from celery import shared_task

from jiazheng.common.idempotency import delete_old_records


@shared_task(ignore_result=True)
def delete_old_idempotency_records():
    """Forget the stored answers of API writes older than a week."""
    delete_old_records()

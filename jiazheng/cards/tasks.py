"""Celery beat tasks of cards: thin wrappers around services."""

from celery import shared_task

from jiazheng.cards.services.expiry import expire_due_cards


@shared_task(ignore_result=True)
def expire_cards():
    """Move the balance of cards past their validity out as expired."""
    expire_due_cards()

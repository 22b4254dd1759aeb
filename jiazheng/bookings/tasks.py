"""Celery beat tasks of bookings: thin wrappers around services."""

from celery import shared_task

from jiazheng.bookings.services import auto_confirm_due, create_recurring_orders


@shared_task(ignore_result=True)
def auto_confirm_orders():
    """Complete orders whose customer did not confirm in time."""
    auto_confirm_due()


@shared_task(ignore_result=True)
def book_recurring_orders():
    """Book the next visits of recurring plans for the coming week."""
    create_recurring_orders()

"""Every job of the beat schedule names a task that the workers know."""

from django.conf import settings

from jiazheng.celery import app


def test_every_scheduled_job_names_a_registered_task():
    app.loader.import_default_modules()
    registered = set(app.tasks)

    missing = [
        job["task"]
        for job in settings.CELERY_BEAT_SCHEDULE.values()
        if job["task"] not in registered
    ]

    assert missing == []
    assert "jiazheng.cards.tasks.expire_cards" in registered

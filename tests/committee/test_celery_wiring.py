"""The Celery app is wired once (committee/celery.py): every task beat schedules exists."""

import pytest
from django.conf import settings

from committee.celery import app


@pytest.mark.django_db  # importing the tasks modules as a worker does closes stale connections
def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()  # what a worker does at start: each app's tasks.py
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
    assert "office.tasks.count_past_days" in scheduled

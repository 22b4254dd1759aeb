"""Helpers of the Idempotency-Key tests: an API client per user, keyed POSTs."""

from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from jiazheng.accounts.models import Role
from jiazheng.accounts.tests.factories import UserFactory


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def post(api, url, data=None, *, key):
    return api.post(url, data or {}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def worker_user_of(worker):
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=Role.WORKER)[0])
    worker.employee.user = user
    worker.employee.save()
    return user

"""The region tree for tests that run outside a rolled-back transaction.

Migration 0002 loads the regions into the test database, but a transactional
test (``django_db(transaction=True)``, ``live_server``) empties every table
when it ends, so later transactional tests find no regions. Such tests call
``ensure_regions_loaded()`` (or use a fixture that does).
"""

import importlib

from django.apps import apps

from jiazheng.common.models import Region

_migration = importlib.import_module("jiazheng.common.migrations.0002_load_regions")


def ensure_regions_loaded():
    """Load the region tree of migration 0002 if the table is empty."""
    if not Region.objects.exists():
        _migration.load_regions(apps, None)

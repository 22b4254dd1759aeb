"""Refuse overlapping active work orders of one worker, on PostgreSQL.

SQLite has no exclusion constraints; there the dispatch service locks the
worker row and checks for overlaps in the same transaction instead.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINT_SQL = """
ALTER TABLE bookings_workorder
ADD CONSTRAINT workorder_no_overlap_per_worker
EXCLUDE USING gist (
    worker_id WITH =,
    tstzrange(starts_at, ends_at, '[)') WITH &&
) WHERE (status IN ('assigned', 'checked_in', 'checked_out'))
"""

DROP_SQL = """
ALTER TABLE bookings_workorder
DROP CONSTRAINT IF EXISTS workorder_no_overlap_per_worker
"""


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CONSTRAINT_SQL)


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        # A no-op on every database but PostgreSQL.
        BtreeGistExtension(),
        migrations.RunPython(add_constraint, drop_constraint, elidable=False),
    ]

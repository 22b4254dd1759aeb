"""Make the database itself refuse to change or remove a ledger entry.

On PostgreSQL a trigger refuses UPDATE and DELETE. On SQLite only UPDATE is
refused: Django empties tables with DELETE between transactional tests
there, while PostgreSQL uses TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION cards_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'card ledger entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cards_ledger_append_only
    BEFORE UPDATE OR DELETE ON cards_cardledgerentry
    FOR EACH ROW EXECUTE FUNCTION cards_ledger_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS cards_ledger_append_only ON cards_cardledgerentry;
DROP FUNCTION IF EXISTS cards_ledger_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER cards_ledger_append_only
BEFORE UPDATE ON cards_cardledgerentry
BEGIN
    SELECT RAISE(ABORT, 'card ledger entries are append-only');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS cards_ledger_append_only;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]

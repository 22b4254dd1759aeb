"""The PostgreSQL payment as a PL/pgSQL function, so its plan is cached.

``services/hot_path.py`` calls ``cards_pay(...)``; the statement inside is
the one documented there. Nothing is created on other databases.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cards_pay(
    p_card bigint, p_amount numeric, p_operator bigint, p_operator_text text,
    p_key text, p_micros text, p_now timestamptz, p_today date, p_month date,
    p_method text, p_items jsonb, p_reference text, p_note text
) RETURNS TABLE (
    id bigint, seq integer, amount numeric, principal_delta numeric,
    bonus_delta numeric, principal_after numeric, bonus_after numeric,
    created_at timestamptz, prev_hash varchar, entry_hash varchar
) AS $$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH cur AS (
    SELECT c.id, c.principal_balance AS p, c.bonus_balance AS b,
           c.last_entry_hash AS h, c.entry_count AS n,
           coalesce(pol.payment_order, 'proportional') AS payment_order
    FROM cards_card AS c
    LEFT JOIN cards_cardpolicy AS pol ON pol.organization_id = c.organization_id
    WHERE c.id = p_card AND c.status = 'active'
      AND (c.expires_on IS NULL OR c.expires_on >= p_today)
      AND c.principal_balance + c.bonus_balance >= p_amount
    FOR UPDATE OF c
), part AS (
    SELECT id, h, n + 1 AS seq, p, b,
        (CASE payment_order
            WHEN 'principal_first' THEN LEAST(p_amount, p)
            WHEN 'bonus_first' THEN p_amount - LEAST(p_amount, b)
            ELSE round(p_amount * p / (p + b), 2)
        END)::numeric(12, 2) AS pp
    FROM cur
), calc AS (
    SELECT id, h, seq, pp,
        (p_amount - pp)::numeric(12, 2) AS bp,
        (p - pp)::numeric(12, 2) AS pa,
        (b - (p_amount - pp))::numeric(12, 2) AS ba
    FROM part
), hashed AS (
    SELECT calc.*, encode(sha256(convert_to(concat_ws('|',
        id::text, seq::text, 'payment', (-p_amount)::numeric(12, 2)::text,
        (-pp)::text, (-bp)::text, pa::text, ba::text, '0', '',
        p_operator_text, p_key, p_micros, h), 'UTF8')), 'hex') AS eh
    FROM calc
), upd AS (
    UPDATE cards_card AS c
    SET principal_balance = hashed.pa, bonus_balance = hashed.ba,
        last_entry_hash = hashed.eh, entry_count = hashed.seq,
        updated_at = p_now
    FROM hashed
    WHERE c.id = hashed.id
    RETURNING hashed.*
), roll AS (
    INSERT INTO cards_cardmonthlysummary
        (card_id, month, payment_count, payment_amount, top_up_amount,
         refund_amount)
    SELECT id, p_month, 1, p_amount, 0, 0 FROM upd
    ON CONFLICT (card_id, month) DO UPDATE SET
        payment_count = cards_cardmonthlysummary.payment_count + 1,
        payment_amount = cards_cardmonthlysummary.payment_amount
            + EXCLUDED.payment_amount
)
INSERT INTO cards_cardledgerentry
    (card_id, seq, kind, amount, principal_delta, bonus_delta,
     principal_after, bonus_after, visits_delta, package_id, method, items,
     reference, note, refund_of_id, operator_id, idempotency_key, created_at,
     prev_hash, entry_hash)
SELECT id, seq, 'payment', -p_amount, -pp, -bp, pa, ba, 0, NULL,
       p_method, p_items::jsonb, p_reference, p_note, NULL,
       p_operator, p_key, p_now, h, eh
FROM upd
RETURNING cards_cardledgerentry.id, cards_cardledgerentry.seq, cards_cardledgerentry.amount, principal_delta, bonus_delta, principal_after,
    bonus_after, created_at, prev_hash, entry_hash;
END;
$$ LANGUAGE plpgsql;
"""
BACKWARD = "DROP FUNCTION IF EXISTS cards_pay(bigint, numeric, bigint, text, text, text, timestamptz, date, date, text, jsonb, text, text);"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cards", "0003_api_idempotency")]

    operations = [migrations.RunPython(forward, backward)]

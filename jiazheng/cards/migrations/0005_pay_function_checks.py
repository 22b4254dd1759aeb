"""cards_pay() checks the card itself and says why it did not pay.

Replaces the function of migration 0004: the idempotency key, the card's
state, its PIN (by the hash the caller checked) and its balance are all
checked inside the call, so a payment no longer reads the card first.
See services/hot_path.py. Nothing is created on other databases.
"""

import importlib

from django.db import migrations

OLD = importlib.import_module("jiazheng.cards.migrations.0004_pay_function")

FORWARD = """
CREATE FUNCTION cards_pay(
    p_card bigint, p_amount numeric, p_operator bigint, p_key text,
    p_micros text, p_now timestamptz, p_today date, p_month date,
    p_method text, p_items jsonb, p_reference text, p_note text,
    p_require_pin boolean, p_pin_hash text,
    OUT o_outcome text, OUT o_entry_id bigint, OUT o_seq integer,
    OUT o_principal numeric, OUT o_principal_after numeric,
    OUT o_bonus_after numeric, OUT o_prev_hash text, OUT o_hash text,
    OUT o_status text, OUT o_expires_on date, OUT o_replaced_by bigint,
    OUT o_pin_hash text, OUT o_pin_failures integer,
    OUT o_pin_locked_until timestamptz, OUT o_organization bigint,
    OUT o_customer bigint, OUT o_number text, OUT o_phone text
) AS $$
DECLARE
    v_order text;
    v_count integer;
BEGIN
    -- A retry: the first payment is answered without touching the card.
    -- (One that commits while this call waits for the lock is caught by
    -- the unique index, which aborts the whole call.)
    IF p_key <> '' THEN
        SELECT e.id INTO o_entry_id FROM cards_cardledgerentry AS e
        WHERE e.card_id = p_card AND e.idempotency_key = p_key;
        IF FOUND THEN
            o_outcome := 'done';
            RETURN;
        END IF;
    END IF;

    SELECT c.status, c.expires_on, c.replaced_by_id, c.pin_hash,
           c.pin_failures, c.pin_locked_until, c.organization_id,
           c.customer_id, c.number, c.principal_balance, c.bonus_balance,
           c.last_entry_hash, c.entry_count,
           coalesce(pol.payment_order, 'proportional')
    INTO o_status, o_expires_on, o_replaced_by, o_pin_hash, o_pin_failures,
         o_pin_locked_until, o_organization, o_customer, o_number,
         o_principal_after, o_bonus_after, o_prev_hash, v_count, v_order
    FROM cards_card AS c
    LEFT JOIN cards_cardpolicy AS pol ON pol.organization_id = c.organization_id
    WHERE c.id = p_card
    FOR UPDATE OF c;
    IF NOT FOUND THEN
        o_outcome := 'missing';
        RETURN;
    END IF;
    IF o_status <> 'active'
       OR (o_expires_on IS NOT NULL AND o_expires_on < p_today) THEN
        o_outcome := 'unusable';
        RETURN;
    END IF;
    IF p_require_pin AND o_pin_hash <> ''
       AND (o_pin_hash IS DISTINCT FROM p_pin_hash
            OR coalesce(o_pin_locked_until > p_now, false)) THEN
        o_outcome := 'pin';
        RETURN;
    END IF;
    IF o_principal_after + o_bonus_after < p_amount THEN
        o_outcome := 'insufficient';
        RETURN;
    END IF;

    o_principal := (CASE v_order
        WHEN 'principal_first' THEN LEAST(p_amount, o_principal_after)
        WHEN 'bonus_first' THEN p_amount - LEAST(p_amount, o_bonus_after)
        ELSE round(p_amount * o_principal_after
                   / (o_principal_after + o_bonus_after), 2)
    END)::numeric(12, 2);
    o_principal_after := (o_principal_after - o_principal)::numeric(12, 2);
    o_bonus_after := (o_bonus_after - (p_amount - o_principal))::numeric(12, 2);
    o_seq := v_count + 1;
    o_hash := encode(sha256(convert_to(concat_ws('|',
        p_card::text, o_seq::text, 'payment', (-p_amount)::numeric(12, 2)::text,
        (-o_principal)::numeric(12, 2)::text,
        (-(p_amount - o_principal))::numeric(12, 2)::text,
        o_principal_after::text, o_bonus_after::text, '0', '',
        coalesce(p_operator::text, ''), p_key, p_micros, o_prev_hash),
        'UTF8')), 'hex');

    UPDATE cards_card
    SET principal_balance = o_principal_after, bonus_balance = o_bonus_after,
        last_entry_hash = o_hash, entry_count = o_seq, updated_at = p_now
    WHERE id = p_card;

    INSERT INTO cards_cardmonthlysummary
        (card_id, month, payment_count, payment_amount, top_up_amount,
         refund_amount)
    VALUES (p_card, p_month, 1, p_amount, 0, 0)
    ON CONFLICT (card_id, month) DO UPDATE SET
        payment_count = cards_cardmonthlysummary.payment_count + 1,
        payment_amount = cards_cardmonthlysummary.payment_amount
            + EXCLUDED.payment_amount;

    INSERT INTO cards_cardledgerentry
        (card_id, seq, kind, amount, principal_delta, bonus_delta,
         principal_after, bonus_after, visits_delta, package_id, method, items,
         reference, note, refund_of_id, operator_id, idempotency_key,
         created_at, prev_hash, entry_hash)
    VALUES (p_card, o_seq, 'payment', -p_amount, -o_principal,
            -(p_amount - o_principal), o_principal_after, o_bonus_after, 0,
            NULL, p_method, p_items, p_reference, p_note, NULL, p_operator,
            p_key, p_now, o_prev_hash, o_hash)
    RETURNING id INTO o_entry_id;

    IF o_customer IS NOT NULL THEN
        SELECT cu.phone INTO o_phone FROM customers_customer AS cu
        WHERE cu.id = o_customer;
    END IF;
    o_outcome := 'paid';
END;
$$ LANGUAGE plpgsql;
"""
NEW_SIGNATURE = (
    "cards_pay(bigint, numeric, bigint, text, text, timestamptz, date, date, "
    "text, jsonb, text, text, boolean, text)"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD.BACKWARD)
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NEW_SIGNATURE};")
        schema_editor.execute(OLD.FORWARD)


class Migration(migrations.Migration):
    dependencies = [("cards", "0004_pay_function")]

    operations = [migrations.RunPython(forward, backward)]

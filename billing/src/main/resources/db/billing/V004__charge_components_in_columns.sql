-- One row per charged usage record, not one plus a row per priced component (docs/benchmarks.md "Billing"): the
-- components become columns of usage_charge, and usage_charge_line becomes a view with the rows it had, so every
-- reader keeps its query. Per component: the quantity in base units, the agreed unit price and the amount; all three
-- NULL when the agreement does not price the component (the machine's own time, machine_hour_*, is always priced).
ALTER TABLE usage_charge
    ADD COLUMN machine_hour_measured        bigint,
    ADD COLUMN machine_hour_price_micros    bigint,
    ADD COLUMN machine_hour_micros          bigint,
    ADD COLUMN egress_gib_measured          bigint,
    ADD COLUMN egress_gib_price_micros      bigint,
    ADD COLUMN egress_gib_micros            bigint,
    ADD COLUMN ingress_gib_measured         bigint,
    ADD COLUMN ingress_gib_price_micros     bigint,
    ADD COLUMN ingress_gib_micros           bigint,
    ADD COLUMN cpu_core_hour_measured       bigint,
    ADD COLUMN cpu_core_hour_price_micros   bigint,
    ADD COLUMN cpu_core_hour_micros         bigint,
    ADD COLUMN memory_gib_hour_measured     bigint,
    ADD COLUMN memory_gib_hour_price_micros bigint,
    ADD COLUMN memory_gib_hour_micros       bigint;

-- Rated usage is append-only; moving the stored lines into their row is the one update it ever gets.
ALTER TABLE usage_charge DISABLE TRIGGER usage_charge_append_only;
UPDATE usage_charge c SET
    machine_hour_measured = l.mh_m, machine_hour_price_micros = l.mh_p, machine_hour_micros = l.mh_a,
    egress_gib_measured = l.eg_m, egress_gib_price_micros = l.eg_p, egress_gib_micros = l.eg_a,
    ingress_gib_measured = l.ig_m, ingress_gib_price_micros = l.ig_p, ingress_gib_micros = l.ig_a,
    cpu_core_hour_measured = l.cpu_m, cpu_core_hour_price_micros = l.cpu_p, cpu_core_hour_micros = l.cpu_a,
    memory_gib_hour_measured = l.mem_m, memory_gib_hour_price_micros = l.mem_p, memory_gib_hour_micros = l.mem_a
FROM (
    SELECT session_id, sequence,
        max(measured) FILTER (WHERE component = 'machine-hour') AS mh_m,
        max(unit_price_micros) FILTER (WHERE component = 'machine-hour') AS mh_p,
        max(amount_micros) FILTER (WHERE component = 'machine-hour') AS mh_a,
        max(measured) FILTER (WHERE component = 'egress-gib') AS eg_m,
        max(unit_price_micros) FILTER (WHERE component = 'egress-gib') AS eg_p,
        max(amount_micros) FILTER (WHERE component = 'egress-gib') AS eg_a,
        max(measured) FILTER (WHERE component = 'ingress-gib') AS ig_m,
        max(unit_price_micros) FILTER (WHERE component = 'ingress-gib') AS ig_p,
        max(amount_micros) FILTER (WHERE component = 'ingress-gib') AS ig_a,
        max(measured) FILTER (WHERE component = 'cpu-core-hour') AS cpu_m,
        max(unit_price_micros) FILTER (WHERE component = 'cpu-core-hour') AS cpu_p,
        max(amount_micros) FILTER (WHERE component = 'cpu-core-hour') AS cpu_a,
        max(measured) FILTER (WHERE component = 'memory-gib-hour') AS mem_m,
        max(unit_price_micros) FILTER (WHERE component = 'memory-gib-hour') AS mem_p,
        max(amount_micros) FILTER (WHERE component = 'memory-gib-hour') AS mem_a
    FROM usage_charge_line GROUP BY session_id, sequence
) l
WHERE c.session_id = l.session_id AND c.sequence = l.sequence;
ALTER TABLE usage_charge ENABLE TRIGGER usage_charge_append_only;

-- A component is priced whole or not at all, never negative.
ALTER TABLE usage_charge
    ADD CONSTRAINT usage_charge_machine_hour CHECK (num_nulls(machine_hour_measured, machine_hour_price_micros,
        machine_hour_micros) IN (0, 3) AND least(machine_hour_measured, machine_hour_price_micros,
        machine_hour_micros) >= 0),
    ADD CONSTRAINT usage_charge_egress_gib CHECK (num_nulls(egress_gib_measured, egress_gib_price_micros,
        egress_gib_micros) IN (0, 3) AND least(egress_gib_measured, egress_gib_price_micros, egress_gib_micros) >= 0),
    ADD CONSTRAINT usage_charge_ingress_gib CHECK (num_nulls(ingress_gib_measured, ingress_gib_price_micros,
        ingress_gib_micros) IN (0, 3) AND least(ingress_gib_measured, ingress_gib_price_micros,
        ingress_gib_micros) >= 0),
    ADD CONSTRAINT usage_charge_cpu_core_hour CHECK (num_nulls(cpu_core_hour_measured, cpu_core_hour_price_micros,
        cpu_core_hour_micros) IN (0, 3) AND least(cpu_core_hour_measured, cpu_core_hour_price_micros,
        cpu_core_hour_micros) >= 0),
    ADD CONSTRAINT usage_charge_memory_gib_hour CHECK (num_nulls(memory_gib_hour_measured,
        memory_gib_hour_price_micros, memory_gib_hour_micros) IN (0, 3) AND least(memory_gib_hour_measured,
        memory_gib_hour_price_micros, memory_gib_hour_micros) >= 0);

DROP TABLE usage_charge_line;
CREATE VIEW usage_charge_line AS
    SELECT c.session_id, c.sequence, l.component, l.measured, l.unit_price_micros, l.amount_micros
    FROM usage_charge c
    CROSS JOIN LATERAL (VALUES
        ('machine-hour', c.machine_hour_measured, c.machine_hour_price_micros, c.machine_hour_micros),
        ('egress-gib', c.egress_gib_measured, c.egress_gib_price_micros, c.egress_gib_micros),
        ('ingress-gib', c.ingress_gib_measured, c.ingress_gib_price_micros, c.ingress_gib_micros),
        ('cpu-core-hour', c.cpu_core_hour_measured, c.cpu_core_hour_price_micros, c.cpu_core_hour_micros),
        ('memory-gib-hour', c.memory_gib_hour_measured, c.memory_gib_hour_price_micros, c.memory_gib_hour_micros)
    ) AS l (component, measured, unit_price_micros, amount_micros)
    WHERE l.amount_micros IS NOT NULL;

-- The closed-period check, once per INSERT statement over all its rows rather than once per row: billing inserts a
-- batch's charges in one statement, and a query per row was a large share of the insert's cost.
DROP TRIGGER usage_charge_in_open_period ON usage_charge;
CREATE OR REPLACE FUNCTION usage_charge_in_open_period() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    closed text;
    rated  timestamptz;
BEGIN
    SELECT p.id, n.rated_at INTO closed, rated FROM new_charges n JOIN billing.period p
        ON p.closed_at IS NOT NULL AND p.starts_at <= n.rated_at AND n.rated_at < p.ends_at LIMIT 1;
    IF closed IS NOT NULL THEN
        RAISE EXCEPTION 'billing period % is closed: a charge rated at % belongs to an open period', closed,
            rated USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER usage_charge_in_open_period AFTER INSERT ON usage_charge
    REFERENCING NEW TABLE AS new_charges FOR EACH STATEMENT EXECUTE FUNCTION usage_charge_in_open_period();

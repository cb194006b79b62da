-- Cistern schema, version 11: a bill's lines are stored in the bill's own row.
--
-- A billing run writes a bill and its lines once and never changes them. As rows of their own,
-- the six or so lines of a bill were six b-tree inserts and six foreign-key lookups, about 30%
-- of a billing run's writing (counted with callgrind). They are now one column of the bill,
-- `bills.lines`: a JSON array with one array per line, in order, whose items are
--   [service, fund, step, description, quantity, unit, price_micros, amount_cents, version]
-- (quantity a decimal string or null, price_micros an integer or null). The view `bill_lines`
-- shows them as rows with the columns the table had, for queries and for auditors.

ALTER TABLE bills ADD COLUMN lines TEXT NOT NULL DEFAULT '[]';

-- The lines already written, in position order (a subquery with ORDER BY is not flattened into
-- an aggregate, so json_group_array sees its rows in that order).
UPDATE bills SET lines = (
  SELECT json_group_array(json_array(l.service, l.fund, l.step, l.description, l.quantity,
                                     l.unit, l.price_micros, l.amount_cents, l.version))
  FROM (SELECT * FROM bill_lines WHERE bill_id = bills.id ORDER BY position) l)
WHERE EXISTS (SELECT 1 FROM bill_lines WHERE bill_id = bills.id);

DROP TRIGGER bill_lines_no_update;
DROP TRIGGER bill_lines_no_delete;
DROP TABLE bill_lines;

CREATE VIEW bill_lines AS
SELECT b.id AS bill_id, j.key + 1 AS position,
       json_extract(j.value, '$[0]') AS service,
       json_extract(j.value, '$[1]') AS fund,
       json_extract(j.value, '$[2]') AS step,
       json_extract(j.value, '$[3]') AS description,
       json_extract(j.value, '$[4]') AS quantity,
       json_extract(j.value, '$[5]') AS unit,
       json_extract(j.value, '$[6]') AS price_micros,
       json_extract(j.value, '$[7]') AS amount_cents,
       json_extract(j.value, '$[8]') AS version
FROM bills b, json_each(b.lines) j;

-- A bill's lines are as fixed as its amounts.
DROP TRIGGER bills_amounts_fixed;
CREATE TRIGGER bills_amounts_fixed BEFORE UPDATE OF account_id, run_id, period_first,
  period_last, previous_balance_cents, payments_cents, adjustments_cents, current_charges_cents,
  total_due_cents, entry_id, lines ON bills
BEGIN SELECT RAISE(ABORT, 'a bill is never changed; cancel and rebill'); END;

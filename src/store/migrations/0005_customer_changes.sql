-- Master changes to customers (name, mailing address, phones, emails) and the eligibility
-- records of the senior and low-income programs (issue 5; docs/api.md "Customer changes").
--
-- A master change is recorded on or after the day it takes effect (effective dates are never in
-- the future), so the customers row always holds the current values and every change is applied
-- when it is recorded. customer_changes is the history: one row per change with its effective
-- date, who recorded it and when, and the values before and after, field by field. It is
-- append-only, like the audit log.
CREATE TABLE customer_changes (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL CHECK (kind IN ('name', 'mailing_address', 'phones', 'emails')),
  effective_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id),  -- NULL: the system
  recorded_at TEXT NOT NULL
);
CREATE INDEX customer_changes_by_customer ON customer_changes(customer_id, kind, effective_on);

-- side 'before' or 'after'; position keeps the order the fields were written in.
CREATE TABLE customer_change_values (
  change_id INTEGER NOT NULL REFERENCES customer_changes(id),
  side TEXT NOT NULL CHECK (side IN ('before', 'after')),
  position INTEGER NOT NULL,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (change_id, side, position)
) WITHOUT ROWID;

CREATE TRIGGER customer_changes_no_update BEFORE UPDATE ON customer_changes
BEGIN SELECT RAISE(ABORT, 'customer_changes is append-only'); END;
CREATE TRIGGER customer_changes_no_delete BEFORE DELETE ON customer_changes
BEGIN SELECT RAISE(ABORT, 'customer_changes is append-only'); END;
CREATE TRIGGER customer_change_values_no_update BEFORE UPDATE ON customer_change_values
BEGIN SELECT RAISE(ABORT, 'customer_change_values is append-only'); END;
CREATE TRIGGER customer_change_values_no_delete BEFORE DELETE ON customer_change_values
BEGIN SELECT RAISE(ABORT, 'customer_change_values is append-only'); END;

-- Eligibilities. renews_on (0003) is what billing and the rate audit read: the LAST DAY the
-- eligibility is current (inclusive). It starts equal to scheduled_renews_on, the renewal date on
-- the paperwork, and is brought forward only when the eligibility is ended (to ended_on) or
-- renewed (to the day before the renewal's verified_on), so that billing never sees an ended
-- eligibility and two records of one program never overlap. Rows are never deleted.
ALTER TABLE eligibilities ADD COLUMN birth_date TEXT;
ALTER TABLE eligibilities ADD COLUMN scheduled_renews_on TEXT;
ALTER TABLE eligibilities ADD COLUMN ended_on TEXT;
ALTER TABLE eligibilities ADD COLUMN end_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE eligibilities ADD COLUMN renewal_of INTEGER REFERENCES eligibilities(id);
ALTER TABLE eligibilities ADD COLUMN recorded_at TEXT;
UPDATE eligibilities SET scheduled_renews_on = renews_on WHERE scheduled_renews_on IS NULL;
CREATE INDEX eligibilities_by_renewal ON eligibilities(renews_on) WHERE ended_on IS NULL;
CREATE TRIGGER eligibilities_no_delete BEFORE DELETE ON eligibilities
BEGIN SELECT RAISE(ABORT, 'eligibilities are never deleted'); END;

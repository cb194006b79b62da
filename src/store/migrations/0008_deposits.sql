-- Cistern schema, version 8: customer deposits (issue 5; docs/ledger.md, "Deposits"). One deposit
-- per account, with the facts and the reasons it was computed from, the amount required and its
-- installments; lowering or waiving it waits for a supervisor (deposit_approvals); every ledger
-- entry that moved it is recorded (deposit_events), so the register can be read per account and
-- checked against the deposits-held GL account. The money itself is in the journal.

CREATE TABLE deposits (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  rate_class TEXT NOT NULL,
  tenure TEXT NOT NULL CHECK (tenure IN ('owner', 'renter')),
  credit_rating TEXT CHECK (credit_rating IN ('good', 'fair', 'poor', 'no_file')),
  credit_reference TEXT NOT NULL DEFAULT '',
  credit_source TEXT NOT NULL DEFAULT '',
  late_payments INTEGER NOT NULL CHECK (late_payments >= 0),
  returned_payments INTEGER NOT NULL CHECK (returned_payments >= 0),
  computed_cents INTEGER NOT NULL CHECK (computed_cents >= 0),
  reasons TEXT NOT NULL,                      -- one reason a line
  required_cents INTEGER NOT NULL CHECK (required_cents >= 0),
  installments INTEGER NOT NULL CHECK (installments BETWEEN 1 AND 12),
  installments_billed INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL CHECK (status IN ('open', 'applied', 'refunded')),
  interest_through TEXT,                      -- interest accrued up to this date
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (installments_billed BETWEEN 0 AND installments)
);

CREATE TABLE deposit_approvals (
  id INTEGER PRIMARY KEY,
  deposit_id INTEGER NOT NULL REFERENCES deposits(id),
  requested_cents INTEGER NOT NULL CHECK (requested_cents >= 0),
  reason TEXT NOT NULL CHECK (reason != ''),
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  requested_by INTEGER NOT NULL REFERENCES users(id),
  requested_at TEXT NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decision_note TEXT NOT NULL DEFAULT '',
  CHECK (decided_by IS NULL OR decided_by != requested_by)
);
CREATE INDEX deposit_approvals_by_status ON deposit_approvals(status, id);
-- At most one pending request per deposit.
CREATE UNIQUE INDEX deposit_approvals_one_pending ON deposit_approvals(deposit_id)
  WHERE status = 'pending';

CREATE TABLE deposit_events (
  id INTEGER PRIMARY KEY,
  deposit_id INTEGER NOT NULL REFERENCES deposits(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('billed', 'paid', 'interest', 'refunded', 'applied')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  entry_id INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  effective_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX deposit_events_by_account ON deposit_events(account_id, id);

CREATE TRIGGER deposit_events_no_update BEFORE UPDATE ON deposit_events
BEGIN SELECT RAISE(ABORT, 'deposit events are never changed'); END;
CREATE TRIGGER deposit_events_no_delete BEFORE DELETE ON deposit_events
BEGIN SELECT RAISE(ABORT, 'deposit events are never deleted'); END;
CREATE TRIGGER deposits_no_delete BEFORE DELETE ON deposits
BEGIN SELECT RAISE(ABORT, 'deposits are kept'); END;
CREATE TRIGGER deposit_approvals_decided_final BEFORE UPDATE ON deposit_approvals
  WHEN OLD.status != 'pending'
BEGIN SELECT RAISE(ABORT, 'a decided deposit approval is final'); END;

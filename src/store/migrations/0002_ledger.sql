-- Cistern schema, version 2: the receivables ledger, payments, cash drawers, adjustments,
-- refunds and idempotency keys. Money columns are INTEGER cents.

-- The journal is append-only: a correction is a new entry that names what it reverses.
CREATE TABLE journal_entries (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  effective_on TEXT NOT NULL,
  posted_at TEXT NOT NULL,
  posted_by INTEGER REFERENCES users(id),
  memo TEXT NOT NULL,
  reverses INTEGER REFERENCES journal_entries(id)
);
CREATE INDEX journal_entries_by_date ON journal_entries(effective_on, id);
CREATE INDEX journal_entries_by_reverses ON journal_entries(reverses) WHERE reverses IS NOT NULL;

CREATE TABLE journal_lines (
  entry_id INTEGER NOT NULL REFERENCES journal_entries(id),
  position INTEGER NOT NULL,
  gl_code TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents != 0),
  account_id INTEGER REFERENCES accounts(id),
  fund TEXT NOT NULL,
  -- The entry's effective date, repeated on each line so that an account's lines (for payment
  -- allocation and aging) come from one index without visiting the entries.
  effective_on TEXT NOT NULL,
  PRIMARY KEY (entry_id, position)
) WITHOUT ROWID;
-- Covering: an account's position is read from this index alone.
CREATE INDEX journal_lines_by_account
  ON journal_lines(account_id, entry_id, position, gl_code, fund, amount_cents, effective_on)
  WHERE account_id IS NOT NULL;
-- GL totals for a day or range (daily cash, GL export) read lines by date.
CREATE INDEX journal_lines_by_date ON journal_lines(effective_on);

CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only; post a reversing entry'); END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal_entries is append-only; post a reversing entry'); END;
CREATE TRIGGER journal_lines_no_update BEFORE UPDATE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only; post a reversing entry'); END;
CREATE TRIGGER journal_lines_no_delete BEFORE DELETE ON journal_lines
BEGIN SELECT RAISE(ABORT, 'journal_lines is append-only; post a reversing entry'); END;

-- Returned payments restrict an account to cash or certified funds until this date.
ALTER TABLE accounts ADD COLUMN cash_only_until TEXT;

CREATE TABLE drawers (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  business_date TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  opening_float_cents INTEGER NOT NULL CHECK (opening_float_cents >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at TEXT,
  closed_by INTEGER REFERENCES users(id),
  counted_cash_cents INTEGER,
  counted_checks_cents INTEGER,
  expected_cash_cents INTEGER,
  expected_checks_cents INTEGER,
  over_short_cents INTEGER
);
CREATE UNIQUE INDEX drawers_one_open_per_user ON drawers(user_id) WHERE status = 'open';
CREATE INDEX drawers_by_date ON drawers(business_date);

CREATE TABLE cash_days (
  business_date TEXT PRIMARY KEY,
  closed_by INTEGER NOT NULL REFERENCES users(id),
  closed_at TEXT NOT NULL
);

-- The payment register. The money itself is in the journal (entry_id); reversal columns are
-- set once, when a payment is returned or reversed, by its reversing entry.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  entry_id INTEGER NOT NULL UNIQUE REFERENCES journal_entries(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  tender TEXT NOT NULL CHECK (tender IN ('cash', 'check', 'money_order', 'card', 'ach')),
  tendered_cents INTEGER,
  change_cents INTEGER,
  check_number TEXT NOT NULL,
  bank_name TEXT NOT NULL,
  card_auth_code TEXT NOT NULL,
  card_last4 TEXT NOT NULL,
  reference TEXT NOT NULL,
  memo TEXT NOT NULL,
  received_on TEXT NOT NULL,
  drawer_id INTEGER REFERENCES drawers(id),
  source TEXT NOT NULL,  -- 'counter' or 'import:<file name>'
  posted_by INTEGER REFERENCES users(id),
  posted_at TEXT NOT NULL,
  reversal_entry_id INTEGER REFERENCES journal_entries(id),
  reversal_reason TEXT,
  reversal_fee_entry_id INTEGER REFERENCES journal_entries(id),
  reversed_at TEXT,
  reversed_by INTEGER REFERENCES users(id)
);
CREATE INDEX payments_by_account ON payments(account_id, id);
-- Partial indexes: most payments are never reversed, and imported ones have no drawer.
CREATE UNIQUE INDEX payments_by_reversal ON payments(reversal_entry_id)
  WHERE reversal_entry_id IS NOT NULL;
CREATE INDEX payments_by_drawer ON payments(drawer_id) WHERE drawer_id IS NOT NULL;
CREATE INDEX payments_by_date ON payments(received_on);
CREATE INDEX payments_by_source ON payments(source, reference);

CREATE TRIGGER payments_reversed_once BEFORE UPDATE OF reversal_entry_id ON payments
WHEN OLD.reversal_entry_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a payment is reversed at most once'); END;

CREATE TABLE adjustments (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  direction TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  fund TEXT NOT NULL,
  reason_code TEXT NOT NULL,
  memo TEXT NOT NULL,
  corrects_entry_id INTEGER REFERENCES journal_entries(id),
  status TEXT NOT NULL CHECK (status IN ('pending_approval', 'posted', 'rejected')),
  requested_by INTEGER REFERENCES users(id),
  requested_at TEXT NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decision_memo TEXT NOT NULL DEFAULT '',
  entry_id INTEGER REFERENCES journal_entries(id)
);
CREATE INDEX adjustments_by_status ON adjustments(status, id);
CREATE INDEX adjustments_by_account ON adjustments(account_id, id);

CREATE TABLE refunds (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  memo TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending_approval', 'approved', 'rejected')),
  requested_by INTEGER REFERENCES users(id),
  requested_at TEXT NOT NULL,
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  decision_memo TEXT NOT NULL DEFAULT '',
  entry_id INTEGER REFERENCES journal_entries(id)
);
CREATE INDEX refunds_by_status ON refunds(status, id);

-- Idempotency keys: the key, a hash of the request, and what the request created, stored in
-- the same transaction as the effect.
CREATE TABLE idempotency_keys (
  user_id INTEGER NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

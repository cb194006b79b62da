-- Cistern schema, version 3: services, meters and readings, the readings exceptions queue,
-- loaded rate files, winter averages, billing runs and bills. Money columns are INTEGER cents;
-- exact quantities (usage, averages) are decimal or fraction TEXT as core/usage.h writes them.

-- What an account takes at its premise, each with its rate class. A stopped service keeps its
-- row with the last day it was on.
CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  service TEXT NOT NULL,      -- a service code of the rate book: 'water', 'sewer', ...
  rate_class TEXT NOT NULL,
  units INTEGER NOT NULL CHECK (units >= 1),  -- carts, dwelling units or ERUs
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX services_by_account ON services(account_id, id);

CREATE TABLE meters (
  id INTEGER PRIMARY KEY,
  serial TEXT NOT NULL UNIQUE,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  size TEXT NOT NULL,
  dials INTEGER NOT NULL CHECK (dials BETWEEN 3 AND 10),
  multiplier INTEGER NOT NULL CHECK (multiplier BETWEEN 1 AND 1000),
  unit TEXT NOT NULL CHECK (unit IN ('gal', 'kgal', 'cf', 'ccf'))
);

-- Where a meter is set, from when to when, with the register at each change. A meter is set at
-- one premise at a time; the route sequence is the reader's walking order.
CREATE TABLE meter_installs (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES meters(id),
  premise_id INTEGER NOT NULL REFERENCES premises(id),
  route_sequence INTEGER NOT NULL,
  installed_on TEXT NOT NULL,
  install_reading_id INTEGER REFERENCES readings(id),
  removed_on TEXT,
  removal_reading_id INTEGER REFERENCES readings(id)
);
CREATE UNIQUE INDEX meter_installs_one_place ON meter_installs(meter_id) WHERE removed_on IS NULL;
CREATE INDEX meter_installs_by_premise ON meter_installs(premise_id, id);

-- Readings as the register showed them. A reading's value never changes: an edit is a new
-- reading that names the one it replaces, and the old one becomes void.
CREATE TABLE readings (
  id INTEGER PRIMARY KEY,
  meter_id INTEGER NOT NULL REFERENCES meters(id),
  read_on TEXT NOT NULL,
  value INTEGER NOT NULL CHECK (value >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('actual', 'estimated', 'install', 'removal')),
  status TEXT NOT NULL CHECK (status IN ('held', 'ready', 'void')),
  source TEXT NOT NULL,
  reader TEXT NOT NULL,
  replaces INTEGER REFERENCES readings(id),
  entered_at TEXT NOT NULL,
  entered_by INTEGER REFERENCES users(id)
);
CREATE INDEX readings_by_meter ON readings(meter_id, read_on, id);
CREATE UNIQUE INDEX readings_one_per_meter_day ON readings(meter_id, read_on)
  WHERE status != 'void';

CREATE TRIGGER readings_value_fixed BEFORE UPDATE OF meter_id, read_on, value, kind ON readings
BEGIN SELECT RAISE(ABORT, 'a reading is never edited in place; enter a corrected reading'); END;
CREATE TRIGGER readings_no_delete BEFORE DELETE ON readings
BEGIN SELECT RAISE(ABORT, 'readings are kept; void one instead'); END;

-- Readings that failed a check, and meters with none, wait here for a person.
CREATE TABLE reading_exceptions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('lower_than_previous', 'zero_usage', 'high_usage',
                                     'low_usage', 'missing', 'unknown_meter', 'duplicate')),
  reading_id INTEGER REFERENCES readings(id),
  meter_id INTEGER REFERENCES meters(id),
  meter_serial TEXT NOT NULL,
  route TEXT NOT NULL,
  read_on TEXT,
  value INTEGER,
  detail TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'accepted', 'edited', 'reread_requested',
                                         'estimated', 'reread_received', 'dismissed')),
  raised_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by INTEGER REFERENCES users(id),
  resolution_reason TEXT NOT NULL DEFAULT '',
  resolution_reading_id INTEGER REFERENCES readings(id)
);
CREATE INDEX reading_exceptions_by_status ON reading_exceptions(status, id);
CREATE INDEX reading_exceptions_by_meter ON reading_exceptions(meter_id, id)
  WHERE meter_id IS NOT NULL;

-- Rate files as loaded, word for word. History is kept: a file is never replaced, and a rate
-- version (its effective date) is defined by exactly one loaded file.
CREATE TABLE rate_files (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  loaded_by INTEGER REFERENCES users(id)
);
CREATE TABLE rate_versions (
  effective_on TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  ordinance TEXT NOT NULL,
  rate_file_id INTEGER NOT NULL REFERENCES rate_files(id)
);
CREATE TRIGGER rate_files_no_update BEFORE UPDATE ON rate_files
BEGIN SELECT RAISE(ABORT, 'rate files are history; load a new version'); END;
CREATE TRIGGER rate_files_no_delete BEFORE DELETE ON rate_files
BEGIN SELECT RAISE(ABORT, 'rate files are history; load a new version'); END;
CREATE TRIGGER rate_versions_no_update BEFORE UPDATE ON rate_versions
BEGIN SELECT RAISE(ABORT, 'rate versions are history; load a new version'); END;
CREATE TRIGGER rate_versions_no_delete BEFORE DELETE ON rate_versions
BEGIN SELECT RAISE(ABORT, 'rate versions are history; load a new version'); END;

-- The sewer cap: each account's winter average, recomputed once a year.
CREATE TABLE winter_averages (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  computed_on TEXT NOT NULL,
  gallons TEXT NOT NULL,
  months_used INTEGER NOT NULL,
  PRIMARY KEY (account_id, computed_on)
) WITHOUT ROWID;

CREATE TABLE billing_runs (
  id INTEGER PRIMARY KEY,
  cycle TEXT NOT NULL REFERENCES cycles(code),
  period_first TEXT NOT NULL,
  period_last TEXT NOT NULL,
  bill_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('previewed', 'approved', 'posting', 'posted',
                                         'discarded')),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  -- The last preview's counts; its exceptions are computed again when asked for.
  preview_accounts INTEGER NOT NULL DEFAULT 0,
  preview_bills INTEGER NOT NULL DEFAULT 0,
  preview_exceptions INTEGER NOT NULL DEFAULT 0,
  preview_charges_cents INTEGER NOT NULL DEFAULT 0,
  approved_at TEXT,
  approved_by INTEGER REFERENCES users(id),
  posted_at TEXT,
  posted_by INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX billing_runs_one_per_period ON billing_runs(cycle, period_last)
  WHERE status != 'discarded';

-- Bills. The money is in the journal (entry_id: the charges; NULL when nothing was charged). A
-- run bills an account at most once (the unique index is what makes a re-run or a resumed run
-- safe); a rebill after a cancellation has no run and names the bill it replaces.
CREATE TABLE bills (
  id INTEGER PRIMARY KEY,
  run_id INTEGER REFERENCES billing_runs(id),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  period_first TEXT NOT NULL,
  period_last TEXT NOT NULL,
  bill_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  previous_balance_cents INTEGER NOT NULL,
  payments_cents INTEGER NOT NULL,
  adjustments_cents INTEGER NOT NULL,
  current_charges_cents INTEGER NOT NULL,
  total_due_cents INTEGER NOT NULL,
  late_amount_cents INTEGER NOT NULL,
  late_after TEXT NOT NULL,
  usage_gallons TEXT NOT NULL,
  estimated INTEGER NOT NULL CHECK (estimated IN (0, 1)),
  entry_id INTEGER REFERENCES journal_entries(id),
  -- The last journal entry this bill's balance includes: the next bill's "since" starts after it.
  through_entry_id INTEGER NOT NULL,
  -- The account's unapplied credit (positive) once this bill's charges consumed what they could.
  credit_after_cents INTEGER NOT NULL CHECK (credit_after_cents >= 0),
  replaces_bill_id INTEGER REFERENCES bills(id),
  status TEXT NOT NULL CHECK (status IN ('posted', 'cancelled')),
  cancelled_at TEXT,
  cancelled_by INTEGER REFERENCES users(id),
  cancel_reason TEXT,
  cancel_entry_id INTEGER REFERENCES journal_entries(id),
  CHECK (total_due_cents = previous_balance_cents + payments_cents + adjustments_cents
                           + current_charges_cents)
);
CREATE UNIQUE INDEX bills_once_per_run ON bills(run_id, account_id) WHERE run_id IS NOT NULL;
CREATE INDEX bills_by_account ON bills(account_id, id);

CREATE TABLE bill_lines (
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  position INTEGER NOT NULL,
  service TEXT NOT NULL,
  fund TEXT NOT NULL,
  step TEXT NOT NULL,
  description TEXT NOT NULL,
  quantity TEXT,
  unit TEXT NOT NULL,
  price_micros INTEGER,
  amount_cents INTEGER NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (bill_id, position)
) WITHOUT ROWID;

-- The readings each bill used: from the previous billed reading to the current one, per meter.
CREATE TABLE bill_readings (
  bill_id INTEGER NOT NULL REFERENCES bills(id),
  meter_id INTEGER NOT NULL REFERENCES meters(id),
  previous_reading_id INTEGER NOT NULL REFERENCES readings(id),
  current_reading_id INTEGER NOT NULL REFERENCES readings(id),
  usage_gallons TEXT NOT NULL,
  PRIMARY KEY (bill_id, meter_id)
) WITHOUT ROWID;
CREATE INDEX bill_readings_by_meter ON bill_readings(meter_id, bill_id);

CREATE TRIGGER bill_lines_no_update BEFORE UPDATE ON bill_lines
BEGIN SELECT RAISE(ABORT, 'bill lines are never changed; cancel and rebill'); END;
CREATE TRIGGER bill_lines_no_delete BEFORE DELETE ON bill_lines
BEGIN SELECT RAISE(ABORT, 'bill lines are never changed; cancel and rebill'); END;
CREATE TRIGGER bills_amounts_fixed BEFORE UPDATE OF account_id, run_id, period_first,
  period_last, previous_balance_cents, payments_cents, adjustments_cents, current_charges_cents,
  total_due_cents, entry_id ON bills
BEGIN SELECT RAISE(ABORT, 'a bill is never changed; cancel and rebill'); END;
CREATE TRIGGER bills_cancelled_once BEFORE UPDATE OF status ON bills
WHEN OLD.status = 'cancelled'
BEGIN SELECT RAISE(ABORT, 'a bill is cancelled at most once'); END;

-- Programs that change a customer's rates (senior, low income), current until renews_on. The rate
-- engine applies a program's class or discount only while the eligibility is current.
CREATE TABLE eligibilities (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  program TEXT NOT NULL,
  document TEXT NOT NULL,
  verified_by INTEGER REFERENCES users(id),
  verified_on TEXT NOT NULL,
  renews_on TEXT NOT NULL
);
CREATE INDEX eligibilities_by_customer ON eligibilities(customer_id, renews_on);

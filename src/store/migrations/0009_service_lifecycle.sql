-- Cistern schema, version 9: start, stop and transfer of service (issue 5;
-- app/service_lifecycle.h). A request records what the CSR asked for and what it led to: the
-- turn-on or final-read order, the fee, the reading that started or ended billing, the final
-- bill. A transfer is a stop and a start that name each other. A request is never deleted; its
-- status moves from open to completed or cancelled, never back.

CREATE TABLE service_requests (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('start', 'stop')),
  status TEXT NOT NULL CHECK (status IN ('open', 'completed', 'cancelled')),
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  premise_id INTEGER NOT NULL REFERENCES premises(id),
  requested_on TEXT NOT NULL,
  order_id INTEGER REFERENCES service_orders(id),
  paired_request_id INTEGER REFERENCES service_requests(id),
  paired_account_id INTEGER REFERENCES accounts(id),
  fee_code TEXT NOT NULL DEFAULT '',
  fee_entry_id INTEGER REFERENCES journal_entries(id),
  reading_id INTEGER REFERENCES readings(id),
  final_bill_id INTEGER REFERENCES bills(id),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  completed_at TEXT,
  CHECK (status = 'open' OR completed_at IS NOT NULL)
);
CREATE INDEX service_requests_by_account ON service_requests(account_id, id);
CREATE INDEX service_requests_by_order ON service_requests(order_id) WHERE order_id IS NOT NULL;
-- One open start and one open stop per account.
CREATE UNIQUE INDEX service_requests_one_open ON service_requests(account_id, kind)
  WHERE status = 'open';
CREATE TRIGGER service_requests_final BEFORE UPDATE OF status ON service_requests
  WHEN OLD.status != 'open'
BEGIN SELECT RAISE(ABORT, 'a completed or cancelled service request is final'); END;
CREATE TRIGGER service_requests_no_delete BEFORE DELETE ON service_requests
BEGIN SELECT RAISE(ABORT, 'service requests are kept'); END;

-- The reading an account's billing starts from at a meter (its turn-on reading). Without one,
-- billing starts from the meter's last billed reading or its install reading.
CREATE TABLE account_start_readings (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  meter_id INTEGER NOT NULL REFERENCES meters(id),
  reading_id INTEGER NOT NULL REFERENCES readings(id),
  PRIMARY KEY (account_id, meter_id)
) WITHOUT ROWID;

-- Where a transferred deposit came from (the deposit row moves to the new account; its events
-- stay on the accounts they were posted to).
CREATE TABLE deposit_transfers (
  id INTEGER PRIMARY KEY,
  deposit_id INTEGER NOT NULL REFERENCES deposits(id),
  from_account_id INTEGER NOT NULL REFERENCES accounts(id),
  to_account_id INTEGER NOT NULL REFERENCES accounts(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
  entry_id INTEGER REFERENCES journal_entries(id),
  transferred_at TEXT NOT NULL,
  transferred_by INTEGER REFERENCES users(id),
  CHECK (from_account_id != to_account_id)
);
CREATE INDEX deposit_transfers_by_deposit ON deposit_transfers(deposit_id, id);

-- Cistern schema, version 7: commercial sanitation (issue 5). Private-hauler exemptions (one per
-- account, kept up to date by the CSR, with the last renewal letter sent) and on-call roll-off
-- dumpsters with every field action (deliver, empty, remove, cancel) and the fee entry it posted.
-- domain/sanitation/sanitation.h holds the rules; the database refuses what no rule allows.

CREATE TABLE sanitation_exemptions (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL UNIQUE REFERENCES accounts(id),
  hauler TEXT NOT NULL CHECK (hauler != ''),
  permit TEXT NOT NULL DEFAULT '',       -- '' = missing paperwork
  starts_on TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL,
  renewal_letter_id INTEGER REFERENCES letters(id),
  renewal_sent_on TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  CHECK (expires_on > starts_on)
);
CREATE INDEX sanitation_exemptions_by_expiry ON sanitation_exemptions(expires_on, id);

CREATE TABLE dumpsters (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  size_yards INTEGER NOT NULL CHECK (size_yards IN (20, 30, 40)),
  status TEXT NOT NULL CHECK (status IN ('requested', 'delivered', 'removed', 'cancelled')),
  requested_on TEXT NOT NULL,
  remarks TEXT NOT NULL DEFAULT '',
  delivered_on TEXT,
  removed_on TEXT,
  empty_count INTEGER NOT NULL DEFAULT 0 CHECK (empty_count >= 0),
  created_at TEXT NOT NULL,
  created_by INTEGER REFERENCES users(id),
  CHECK (status NOT IN ('delivered', 'removed') OR delivered_on IS NOT NULL),
  CHECK (status != 'removed' OR removed_on IS NOT NULL)
);
CREATE INDEX dumpsters_by_account ON dumpsters(account_id, id);
CREATE INDEX dumpsters_by_status ON dumpsters(status, id);

CREATE TABLE dumpster_events (
  id INTEGER PRIMARY KEY,
  dumpster_id INTEGER NOT NULL REFERENCES dumpsters(id),
  action TEXT NOT NULL CHECK (action IN ('deliver', 'empty', 'remove', 'cancel')),
  done_on TEXT NOT NULL,
  entry_id INTEGER REFERENCES journal_entries(id),  -- the fee posted; none for a cancel
  fee_code TEXT NOT NULL DEFAULT '',
  amount_cents INTEGER NOT NULL DEFAULT 0,
  remarks TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL,
  recorded_by INTEGER REFERENCES users(id)
);
CREATE INDEX dumpster_events_by_dumpster ON dumpster_events(dumpster_id, id);

-- A removed or cancelled dumpster is final; the field record is kept.
CREATE TRIGGER dumpsters_final BEFORE UPDATE ON dumpsters
  WHEN OLD.status IN ('removed', 'cancelled')
BEGIN SELECT RAISE(ABORT, 'a removed or cancelled dumpster is final'); END;
CREATE TRIGGER dumpsters_no_delete BEFORE DELETE ON dumpsters
BEGIN SELECT RAISE(ABORT, 'dumpsters are kept; cancel a request instead'); END;
CREATE TRIGGER dumpster_events_no_update BEFORE UPDATE ON dumpster_events
BEGIN SELECT RAISE(ABORT, 'dumpster events are never changed'); END;
CREATE TRIGGER dumpster_events_no_delete BEFORE DELETE ON dumpster_events
BEGIN SELECT RAISE(ABORT, 'dumpster events are never deleted'); END;

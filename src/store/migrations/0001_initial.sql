-- Cistern schema, version 1: users and sessions, the audit log, customers, premises, accounts,
-- notes, cycles and routes, and the account search index.
--
-- Money columns (later migrations) are INTEGER cents. Dates are TEXT 'YYYY-MM-DD' (the city's
-- local date); instants are TEXT RFC 3339 UTC 'YYYY-MM-DDTHH:MM:SSZ'. Every table can take a
-- utility_id tenant column later without changing its keys' meaning.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('csr','supervisor','finance','field','admin','auditor')),
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL
);

-- Failed sign-ins by the username as typed, whether or not such a user exists, so that the
-- lockout answers the same for real and unknown usernames.
CREATE TABLE sign_in_failures (
  username TEXT PRIMARY KEY,
  failed_count INTEGER NOT NULL,
  window_start TEXT NOT NULL,
  locked_until TEXT
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user_id INTEGER REFERENCES users(id),  -- NULL: the system (command line, demo generator)
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  account_id INTEGER REFERENCES accounts(id)
);
CREATE INDEX audit_events_by_account ON audit_events(account_id, id) WHERE account_id IS NOT NULL;
CREATE INDEX audit_events_by_entity ON audit_events(entity_type, entity_id, id);
CREATE INDEX audit_events_by_user ON audit_events(user_id, id);

CREATE TABLE audit_changes (
  event_id INTEGER NOT NULL REFERENCES audit_events(id),
  position INTEGER NOT NULL,
  field TEXT NOT NULL,
  before_value TEXT,
  after_value TEXT,
  PRIMARY KEY (event_id, position)
) WITHOUT ROWID;

-- The audit log is append-only: the database itself refuses to change or remove it.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_changes_no_update BEFORE UPDATE ON audit_changes
BEGIN SELECT RAISE(ABORT, 'audit_changes is append-only'); END;
CREATE TRIGGER audit_changes_no_delete BEFORE DELETE ON audit_changes
BEGIN SELECT RAISE(ABORT, 'audit_changes is append-only'); END;

CREATE TABLE cycles (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE routes (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  cycle TEXT NOT NULL REFERENCES cycles(code)
);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'business')),
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  business_name TEXT NOT NULL,
  mail_line1 TEXT NOT NULL,
  mail_line2 TEXT NOT NULL,
  mail_city TEXT NOT NULL,
  mail_state TEXT NOT NULL,
  mail_postal_code TEXT NOT NULL,
  date_of_birth TEXT,
  id_last4 TEXT NOT NULL,
  confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),
  version INTEGER NOT NULL
);

CREATE TABLE customer_phones (
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  position INTEGER NOT NULL,
  digits TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (customer_id, position)
) WITHOUT ROWID;

CREATE TABLE customer_emails (
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  position INTEGER NOT NULL,
  email TEXT NOT NULL,
  PRIMARY KEY (customer_id, position)
) WITHOUT ROWID;

CREATE TABLE premises (
  id INTEGER PRIMARY KEY,
  line1 TEXT NOT NULL,
  line2 TEXT NOT NULL,
  city TEXT NOT NULL,
  state TEXT NOT NULL,
  postal_code TEXT NOT NULL,
  inside_city_limits INTEGER NOT NULL CHECK (inside_city_limits IN (0, 1)),
  premise_type TEXT NOT NULL,
  unit_count INTEGER NOT NULL CHECK (unit_count >= 1),
  parcel_number TEXT NOT NULL,
  route TEXT NOT NULL REFERENCES routes(code),
  cycle TEXT NOT NULL REFERENCES cycles(code),
  version INTEGER NOT NULL
);

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  number_sequence INTEGER NOT NULL UNIQUE,
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  premise_id INTEGER NOT NULL REFERENCES premises(id),
  mail_line1 TEXT NOT NULL,
  mail_line2 TEXT NOT NULL,
  mail_city TEXT NOT NULL,
  mail_state TEXT NOT NULL,
  mail_postal_code TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'active', 'final', 'closed')),
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  version INTEGER NOT NULL
);
CREATE INDEX accounts_by_customer ON accounts(customer_id);
CREATE INDEX accounts_by_premise ON accounts(premise_id);

CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  text TEXT NOT NULL,
  author_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX notes_by_account ON notes(account_id, id);
CREATE TRIGGER notes_no_update BEFORE UPDATE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are never edited'); END;
CREATE TRIGGER notes_no_delete BEFORE DELETE ON notes
BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;

-- One row per account; rowid = accounts.id. Columns are searched as words and word prefixes.
-- contact holds phones and emails of customers who are not confidential; contact_confidential
-- those of confidential customers, searched only for roles allowed to see them.
CREATE VIRTUAL TABLE account_search USING fts5(
  number, name, address, contact, contact_confidential,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3'
);

-- Ranking weights per column (number, name, address, contact, contact_confidential): a match
-- in the account number counts most, then the name, then the address.
INSERT INTO account_search (account_search, rank) VALUES ('rank', 'bm25(10.0, 5.0, 3.0, 2.0, 2.0)');

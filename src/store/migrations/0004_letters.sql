-- Cistern schema, version 4: letters sent to customers (issue 5, "Letters").
--
-- A letter is stored as it was merged, not as a PDF: the template's code, version and title, the
-- letterhead and signature used, the addressee and mailing address, the subject and paragraphs
-- after merging, and the merge fields as name and value pairs. Rendering is deterministic, so
-- opening a letter again draws the same PDF byte for byte, even after the template, the city's
-- letterhead or the customer's address change. Letters are never edited or deleted.
CREATE TABLE letters (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  template_code TEXT NOT NULL,
  template_version INTEGER NOT NULL CHECK (template_version >= 1),
  template_title TEXT NOT NULL,
  letter_date TEXT NOT NULL,        -- the city's date it was sent, YYYY-MM-DD
  organization TEXT NOT NULL,       -- letterhead: "City of Moore"
  office_line TEXT NOT NULL,        -- letterhead: address and phone
  addressee TEXT NOT NULL,          -- the customer's name as printed
  mailing_address TEXT NOT NULL,    -- the address lines used, one per line ("\n" between)
  account_number TEXT NOT NULL,
  service_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  closing TEXT NOT NULL,            -- "Sincerely,"
  signature TEXT NOT NULL,          -- signature lines, "\n" between
  confidential INTEGER NOT NULL CHECK (confidential IN (0, 1)),  -- the customer's, when sent
  sent_at TEXT NOT NULL,
  sent_by INTEGER REFERENCES users(id)
);
CREATE INDEX letters_by_account ON letters(account_id, id);

CREATE TABLE letter_paragraphs (
  letter_id INTEGER NOT NULL REFERENCES letters(id),
  position INTEGER NOT NULL CHECK (position >= 0),
  text TEXT NOT NULL,
  PRIMARY KEY (letter_id, position)
);

-- Every merge field the template used, with the value that went into the letter.
CREATE TABLE letter_fields (
  letter_id INTEGER NOT NULL REFERENCES letters(id),
  position INTEGER NOT NULL CHECK (position >= 0),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (letter_id, position)
);

CREATE TRIGGER letters_no_update BEFORE UPDATE ON letters
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent; send another'); END;
CREATE TRIGGER letters_no_delete BEFORE DELETE ON letters
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent'); END;
CREATE TRIGGER letter_paragraphs_no_update BEFORE UPDATE ON letter_paragraphs
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent; send another'); END;
CREATE TRIGGER letter_paragraphs_no_delete BEFORE DELETE ON letter_paragraphs
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent'); END;
CREATE TRIGGER letter_fields_no_update BEFORE UPDATE ON letter_fields
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent; send another'); END;
CREATE TRIGGER letter_fields_no_delete BEFORE DELETE ON letter_fields
BEGIN SELECT RAISE(ABORT, 'a letter sent is kept as sent'); END;

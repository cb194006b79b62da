-- Cistern schema, version 16: a bill's carried position in a table of its own.
-- Version 15 kept it in bills.position, which made every bills row 100-300 bytes longer; a
-- billing run reads the last bill of every account (and the meters query reads bills rows too),
-- so a cycle's bills filled more pages. Only posting reads a position, by bill id.
CREATE TABLE bill_positions (
  bill_id INTEGER PRIMARY KEY REFERENCES bills(id),
  -- {"as_of": "YYYY-MM-DD" or null, "lines": [[gl_code, fund, "YYYY-MM-DD", cents], ...]}
  position TEXT NOT NULL
);
INSERT INTO bill_positions (bill_id, position)
  SELECT id, position FROM bills WHERE position IS NOT NULL;
ALTER TABLE bills DROP COLUMN position;

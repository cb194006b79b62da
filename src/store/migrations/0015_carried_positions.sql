-- Cistern schema, version 15: an account's receivable position carried forward on its bills
-- (docs/decisions/0007-carried-forward-positions.md).
--
-- A bill's charge lines (its receivable lines, one per fund) are marked `via_bill` and left out
-- of journal_lines_by_account: they are reached through the bill (bills.entry_id). On a city
-- with a year of history that index held about a quarter of a 16 KiB leaf per account, so every
-- bill of a run rewrote a leaf of its own; it now grows by payments and adjustments only.
--
-- Each bill stores the account's position once its charges posted (`position`): the open items
-- replayed from every line through bills.through_entry_id, as lines that replay to the same
-- position, and the latest effective date among the lines replayed. An account's position is
-- then its latest bill's position and the lines after it, not its whole history. Bills posted
-- before this version carry none: their account's next read replays the whole history, and its
-- next bill carries a position.
ALTER TABLE journal_lines ADD COLUMN via_bill INTEGER NOT NULL DEFAULT 0
  CHECK (via_bill IN (0, 1));
DROP INDEX journal_lines_by_account;
-- via_bill is a column of the index as well as its condition: without it SQLite read each line's
-- row to check `via_bill = 0`, and the index no longer covered an account's reads.
CREATE INDEX journal_lines_by_account
  ON journal_lines(account_id, entry_id, position, gl_code, fund, amount_cents, effective_on,
                   via_bill)
  WHERE account_id IS NOT NULL AND via_bill = 0;
-- No index of the marked lines by code: it cost a billing run 3% on a city with a month of
-- history. Sums over every account (the receivables control check, the deposit register) scan
-- the journal for them instead (about a second on a city with 2.3 million entries).
-- JSON: {"as_of": "YYYY-MM-DD" or null, "lines": [[gl_code, fund, "YYYY-MM-DD", cents], ...]}.
ALTER TABLE bills ADD COLUMN position TEXT;

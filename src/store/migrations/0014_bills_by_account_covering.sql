-- Cistern schema, version 14: an account's bills listed from the index alone.
-- A billing run asks of every account its last posted bill and how many bills it had in the last
-- year and what they charged ("far above history"). With bills_by_account holding only
-- (account_id, id), each of those bills was read from the bills table, whose rows (with their
-- lines) fill pages of their own: on a city with a year of history that was the largest part of
-- loading an account. The index now carries the columns those questions need.
DROP INDEX bills_by_account;
CREATE INDEX bills_by_account
  ON bills(account_id, id, status, period_last, current_charges_cents);

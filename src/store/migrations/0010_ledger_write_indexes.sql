-- Cistern schema, version 10: one index fewer for every journal line written.
-- journal_lines_by_date was never used: GL totals for a day or a range now read the entries by
-- journal_entries_by_date and each entry's lines by their primary key (a line's effective_on
-- always equals its entry's; `cistern ledger check` verifies it). Every payment, bill and fee
-- wrote one entry into it per line, about 6% of a billing run's posting time.
DROP INDEX journal_lines_by_date;

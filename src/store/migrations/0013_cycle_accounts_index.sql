-- Cistern schema, version 13: a cycle's accounts found from its premises.
-- A billing run starts by listing the cycle's active and final accounts. Without these indexes
-- that read every account in the city and looked up each one's premise; now it reads the
-- cycle's premises from premises_by_cycle and each premise's accounts, with their status, from
-- accounts_by_premise without visiting the account rows.
CREATE INDEX premises_by_cycle ON premises(cycle, id);
DROP INDEX accounts_by_premise;
CREATE INDEX accounts_by_premise ON accounts(premise_id, status);

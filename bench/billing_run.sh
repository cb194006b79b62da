#!/bin/sh
# Billing run benchmark: a demo city of N accounts with one month billed, then next month's
# readings imported from route files and every cycle billed (preview, approve, post; PDF off).
# Usage: bench/billing_run.sh [ACCOUNTS]   (needs the sqlite3 command-line tool)
# CITY=FILE bills a copy of an existing demo city instead of generating one. The copy takes the
# city's write-ahead log file too when there is one, so that the run finds the database as a
# running city leaves it, and as a city generated here is: with its WAL file already grown by
# earlier runs (the first large write to a new WAL file costs more; see the README).
# READY=FILE also keeps a copy of the city with the readings imported, before any cycle is billed.
set -eu
ACCOUNTS=${1:-100000}
BIN=${CISTERN_BIN:-build/cistern}
DIR=$(mktemp -d)
DB="$DIR/bench.db"
if [ -n "${CITY:-}" ]; then
  cp "$CITY" "$DB"  # an existing demo city (e.g. one with 13 months of history)
  if [ -f "$CITY-wal" ]; then cp "$CITY-wal" "$DB-wal"; fi
else
  "$BIN" demo --db "$DB" --accounts "$ACCOUNTS" --months 1 >/dev/null
fi
TODAY=$(TZ=America/Chicago date -d "-1 day" +%Y-%m-%d)
# One route file with a reading for every meter: the last reading plus about the account's last
# billed usage (4,000 gallons when it has no bill yet). persist_wal: the sqlite3 tool would
# otherwise delete the WAL file that Cistern keeps, which no running city's database loses.
sqlite3 -csv "$DB" >"$DIR/readings.csv" <<SQL
.output /dev/null
.filectrl persist_wal 1
.output
SELECT 'route','sequence','meter_serial','read_date','reading','read_code','reader';
SELECT p.route, i.route_sequence, m.serial, '$TODAY',
       ((SELECT r.value FROM readings r WHERE r.meter_id = m.id AND r.status = 'ready'
         ORDER BY r.read_on DESC, r.id DESC LIMIT 1)
        + COALESCE((SELECT CAST(b.usage_gallons AS INTEGER) FROM bills b JOIN accounts a
                    ON a.id = b.account_id WHERE a.premise_id = p.id ORDER BY b.id DESC LIMIT 1),
                   4000) / m.multiplier) % 1000000,
       'read', 'R10'
FROM meters m JOIN meter_installs i ON i.meter_id = m.id AND i.removed_on IS NULL
JOIN premises p ON p.id = i.premise_id;
SQL
/usr/bin/time -f "import: %e s, %M KiB peak" "$BIN" readings import --db "$DB" "$DIR/readings.csv"
# READY=FILE keeps a copy of the city as it is now, readings imported and nothing billed yet
# (bench/billing_under_load.mjs bills it while payments come in).
if [ -n "${READY:-}" ]; then
  sqlite3 "$DB" >/dev/null <<SQL
.filectrl persist_wal 1
.backup '$READY'
SQL
fi
PERIOD_END=$(date -d "$(date +%Y-%m-01) +1 month -1 day" +%Y-%m-%d)
BILL_DATE=$(date -d "$PERIOD_END +1 day" +%Y-%m-%d)
START=$(date +%s.%N)
for CYCLE in ${CYCLES:-1 2 3 4}; do
  /usr/bin/time -f "cycle $CYCLE: %e s, %M KiB peak" "$BIN" bill run --db "$DB" --cycle "$CYCLE" \
    --period-end "$PERIOD_END" --bill-date "$BILL_DATE" | grep -E '^(Posted|The preview)'
done
END=$(date +%s.%N)
BILLS=$(sqlite3 "$DB" "SELECT COUNT(*) FROM bills WHERE bill_date = '$BILL_DATE'")
echo "billed $BILLS accounts in $(echo "$END - $START" | bc) s"
if [ -z "${KEEP:-}" ]; then rm -rf "$DIR"; else echo "kept $DIR"; fi

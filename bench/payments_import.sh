#!/usr/bin/env bash
# Import throughput: `cistern payments import` of N payments onto an N-account demo city.
#   bench/payments_import.sh [N]   (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
BIN=${CISTERN_BIN:-build/cistern}
mkdir -p build/bench
CITY=build/bench/ledger-city-$N.db
if [ ! -f "$CITY" ]; then "$BIN" demo --db "$CITY" --accounts "$N" --seed 1 --months 3 >/dev/null; fi
WORK=build/bench/import-$N.db
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
sqlite3 "$CITY" ".backup '$WORK'"
CSV=build/bench/payments-$N.csv
TODAY=$(TZ=America/Chicago date +%F)
sqlite3 -csv "$WORK" "SELECT number FROM accounts WHERE status != 'closed' AND cash_only_until IS NULL ORDER BY id" \
  | awk -v n="$N" -v d="$TODAY" 'BEGIN { print "account_number,amount,date,reference" }
      { a[NR] = $1 } END { for (i = 0; i < n; i++) {
          printf "%s,%d.%02d,%s,BENCH-%07d\n", a[i % NR + 1], 20 + i % 180, i % 100, d, i } }' > "$CSV"
/usr/bin/time -f "wall %e s, peak RSS %M KiB" "$BIN" payments import "$CSV" --db "$WORK" --tender ach
"$BIN" ledger check --db "$WORK" | tail -1

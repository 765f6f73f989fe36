#!/usr/bin/env bash
# Runs every fault scenario against one private PostgreSQL cluster (port FAULT_PG_PORT, default 5499; the
# shared PostgreSQL on 5432 is never touched) and prints a summary table.
#   faults/run-all.sh           the long run (100,000 upgrades killed mid-finalization, longer loads)
#   faults/run-all.sh --short   CI mode: small N, short waits (< 3 minutes)
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=()
[[ ${1:-} == --short ]] && args=(--short) && export SHORT=1
export FAULT_WORK=/tmp/faults-run-$$
export FAULT_SUMMARY=$FAULT_WORK/summary.txt
SCENARIO=run-all
source faults/lib.sh
trap cleanup EXIT
trap 'exit 130' INT TERM
ensure_jar
pg_up
export FAULT_PGDATA FAULT_PG_PORT
: >"$FAULT_SUMMARY"
started=$(date +%s)
failed=0
scripts=(kill9-finalizer db-outage pool-exhaustion sigterm multi-instance webhooks invoices rolling-restart failover)
for s in "${scripts[@]}"; do
    log "--- $s ${args[*]:-}"
    before=$(wc -l <"$FAULT_SUMMARY")
    if ! faults/$s.sh "${args[@]}"; then
        failed=$((failed + 1))
        (($(wc -l <"$FAULT_SUMMARY") > before)) || printf '| %s | stopped early, see its log | FAIL |\n' "$s" >>"$FAULT_SUMMARY"
        log "$s FAILED (logs in $FAULT_WORK)"
    fi
done
echo
echo "| scenario | figures | result |"
echo "|---|---|---|"
cat "$FAULT_SUMMARY"
echo
echo "$(grep -c '| PASS |$' "$FAULT_SUMMARY") of $(wc -l <"$FAULT_SUMMARY") checks passed, $failed of ${#scripts[@]} scripts failed," \
    "in $(($(date +%s) - started)) s; logs in $FAULT_WORK"
((failed == 0))

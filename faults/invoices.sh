#!/usr/bin/env bash
# (g) Invoice finalization under faults (DESIGN.md section 10: "exactly once with several instances (SKIP LOCKED),
# crash-safe; a FINALIZED invoice never changes"):
#   1. N due DRAFT invoices seeded with SQL, finalized by two instances (scheduler every 200 ms, small batches);
#      kill -9 of one, then of the other, mid-run; both restarted; wait until none is due: every invoice FINALIZED
#      once, numbers exactly base+1..base+N, one invoice.finalized event per invoice with its number, nothing
#      half-written (checked after the kills too, before the restart);
#   2. the database refuses every change to a FINALIZED invoice or its lines sent with psql; checksum unchanged;
#   3. a deterministic crash in the middle of a finalizing transaction: a psql session holds the invoice_number row
#      lock, so the instance's transaction waits in UPDATE invoice_number after claiming its batch (seen in
#      pg_stat_activity); kill -9; lock released; the dead transaction rolls back; restart: the claimed invoices
#      are finalized later, once, without a gap.
#                                                                            faults/invoices.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=invoices
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

if [[ $SHORT == 1 ]]; then
    N=${N:-6000} BATCH=${BATCH:-50} LOCK_N=${LOCK_N:-300}
else
    N=${N:-40000} BATCH=${BATCH:-100} LOCK_N=${LOCK_N:-2000}
fi
GRACE=PT5M
GRACE_SQL="interval '5 minutes'"
INV_ENV=(UPGRADES_FINALIZER_BATCH_SIZE="$BATCH" UPGRADES_INVOICING_GRACE="$GRACE")
overall=PASS

# seed_invoices <due> <not due>: <due> DRAFT invoices whose period ended 2 to 5 months ago (4 per subscription, one
# Pay-As-You-Go subscription in USD each) with one or two lines, plus <not due> DRAFT invoices for the current month
# (the finalizer must leave them alone). One transaction: every instance sees the whole backlog at once.
seed_invoices() {
    local n=$1 open=$2
    sql <<SQL
BEGIN;
CREATE TEMP TABLE seed_sub AS
SELECT gen_random_uuid() AS sid, 'fault-inv-' || s || '-' || md5(random()::text) AS owner, s
  FROM generate_series(0, ($n - 1) / 4) s;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state, spending_limit,
                          created_at, currency)
SELECT sid, owner, 'invoiced ' || s, '$PAYG', '$PAYG', false, 'ACTIVE', 'OFF', now() - interval '200 days', 'USD'
  FROM seed_sub;
-- g: the invoice's index; its subscription is g / 4 and its period (g % 4) + 2 months before the current one.
CREATE TEMP TABLE seed_inv AS
SELECT uuid_v7_at(m AT TIME ZONE 'UTC') AS iid, sid, owner, m AT TIME ZONE 'UTC' AS period_start,
       (m + interval '1 month') AT TIME ZONE 'UTC' AS period_end,
       round((g % 500 + 1) * 1.5, 6) AS q1, CASE WHEN g % 3 = 0 THEN g % 40 + 1 END AS q2
  FROM (SELECT g, sid, owner,
               date_trunc('month', now() AT TIME ZONE 'UTC') - ((g % 4) + 2) * interval '1 month' AS m
          FROM generate_series(0, $n - 1) g JOIN seed_sub ON seed_sub.s = g / 4
        UNION ALL
        SELECT -1, sid, owner, date_trunc('month', now() AT TIME ZONE 'UTC')
          FROM seed_sub WHERE s < $open) x;
INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status,
                     subtotal, credit_applied, not_charged, total)
SELECT iid, sid, owner, 'USD', period_start, period_end, 'DRAFT', t, 0, 0, t
  FROM (SELECT *, q1 * 0.096 + coalesce(q2 * 0.0184, 0) AS t FROM seed_inv) s;
INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount)
SELECT gen_random_uuid(), iid, 'vm-d2s-v3-hour', 0.096, m.unit, m.name_en, m.name_zh_tw, q1, q1 * 0.096
  FROM seed_inv, meter m WHERE m.id = 'vm-d2s-v3-hour'
UNION ALL
SELECT gen_random_uuid(), iid, 'storage-hot-lrs-gb-month', 0.0184, m.unit, m.name_en, m.name_zh_tw, q2, q2 * 0.0184
  FROM seed_inv, meter m WHERE m.id = 'storage-hot-lrs-gb-month' AND q2 IS NOT NULL;
COMMIT;
SQL
}

due_count() { sql -c "SELECT count(*) FROM invoice WHERE status = 'DRAFT' AND period_end <= now() - $GRACE_SQL"; }
finalized_count() { sql -c "SELECT count(*) FROM invoice WHERE status = 'FINALIZED'"; }
counter() { sql -c "SELECT last_value FROM invoice_number"; }
# The private cluster's client backends on this scenario's database other than this session (the instances' pools).
backends() {
    sql -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND backend_type = 'client backend'"
}
# wait_backends_gone <seconds>: after a kill -9 (or a stop), until PostgreSQL has ended every backend of the instances,
# i.e. every transaction they had open has committed or rolled back.
wait_backends_gone() {
    local t=0
    while (($(backends) > 0)); do
        ((t++ < $1 * 10)) || { log "still $(backends) backends after $1 s"; return 1; }
        sleep 0.1
    done
}
# wait_none_due <seconds>
wait_none_due() {
    local t=0
    while (($(due_count) > 0)); do
        ((t++ < $1 * 5)) || { log "still $(due_count) due DRAFT invoices after $1 s"; return 1; }
        sleep 0.2
    done
}
finalized_by() { # invoices each instance reports finalized (its INFO line after each run)
    local n
    for n in "$@"; do
        printf '%s=%s ' "$n" "$(grep -o 'Invoice finalization: [0-9]* finalized' "$FAULT_WORK/$n.log" |
            awk '{s += $3} END {print s + 0}')"
    done
}
elapsed() { awk -v ns=$(($(date +%s%N) - $1)) 'BEGIN { printf "%.1f", ns / 1e9 }'; }

# invoice_sql <base> <final>: one line per violation. <base>: the counter before the scenario. <final>=1 once the
# instances are done (no due invoice may be left DRAFT); 0 for a snapshot taken right after the kills.
#
# What the design guarantees, and so what is checked: each invoice finalized once (one number, one event); the
# numbers handed out are exactly base+1..base+count (no gap, no duplicate) and the counter row ends at the last one;
# a committed batch is one transaction, so its invoices hold a contiguous range of numbers (grouped by the xid that
# event ids carry, V6) and at most batch-size of them; finalized_at is set, and not before period_end + grace.
# What is NOT checked: that numbers increase with finalized_at. finalized_at is the service clock read when the
# batch's transaction started; the numbers come from the counter row, locked until commit, so they follow commit
# order, and a batch that started first may commit second. Commit order itself is not visible in SQL here
# (track_commit_timestamp is off in the private cluster).
invoice_sql() {
    local base=$1 final=$2
    cat <<SQL
WITH f AS (SELECT * FROM invoice WHERE status = 'FINALIZED'),
     e AS (SELECT * FROM event WHERE type = 'invoice.finalized'),
     agg AS (SELECT count(*) n, count(DISTINCT number_sequence) d, min(number_sequence) lo, max(number_sequence) hi
               FROM f)
SELECT 'due invoice still DRAFT ' || id FROM invoice
 WHERE $final = 1 AND status = 'DRAFT' AND period_end <= now() - $GRACE_SQL
UNION ALL SELECT 'half-written: DRAFT with a number or finalized_at ' || id FROM invoice
 WHERE status = 'DRAFT' AND (number_sequence IS NOT NULL OR finalized_at IS NOT NULL)
UNION ALL SELECT 'half-written: FINALIZED without number or finalized_at ' || id FROM f
 WHERE number_sequence IS NULL OR finalized_at IS NULL
UNION ALL SELECT 'finalized before period_end + grace ' || id FROM f WHERE finalized_at < period_end + $GRACE_SQL
UNION ALL SELECT 'numbers are not exactly ' || ($base + 1) || '..' || ($base + n) || ': ' || d || ' distinct in '
                 || coalesce(lo, 0) || '..' || coalesce(hi, 0)
  FROM agg WHERE n > 0 AND (d <> n OR lo <> $base + 1 OR hi <> $base + n)
UNION ALL SELECT 'counter ' || c.last_value || ' but ' || agg.n || ' finalized after ' || $base
  FROM invoice_number c, agg WHERE c.last_value <> $base + agg.n
UNION ALL SELECT 'invoice ' || f.id || ' has ' || count(e.id) || ' invoice.finalized events'
  FROM f LEFT JOIN e ON e.data ->> 'invoiceId' = f.id::text GROUP BY f.id HAVING count(e.id) <> 1
UNION ALL SELECT 'event ' || e.id || ' for an invoice not FINALIZED: ' || (e.data ->> 'invoiceId')
  FROM e LEFT JOIN f ON f.id::text = e.data ->> 'invoiceId' WHERE f.id IS NULL
UNION ALL SELECT 'event ' || e.id || ' says ' || (e.data ->> 'number') || ' for invoice number ' || f.number_sequence
  FROM e JOIN f ON f.id::text = e.data ->> 'invoiceId'
 WHERE e.data ->> 'number' IS DISTINCT FROM 'INV-' || lpad(f.number_sequence::text, 6, '0')
    OR e.subscription_id <> f.subscription_id OR (e.data ->> 'periodStart')::timestamptz <> f.period_start
UNION ALL SELECT 'batch (xid ' || e.xid || ') is not one contiguous range: ' || count(*) || ' invoices in '
                 || min(f.number_sequence) || '..' || max(f.number_sequence)
  FROM e JOIN f ON f.id::text = e.data ->> 'invoiceId' GROUP BY e.xid
HAVING max(f.number_sequence) - min(f.number_sequence) + 1 <> count(*) OR count(*) > $BATCH
SQL
}
batches() { sql -c "SELECT count(DISTINCT xid) FROM event WHERE type = 'invoice.finalized'"; }

# --- 1. two instances, kill -9 of each mid-run ------------------------------------------------------------------------
SCENARIO=inv-kill9
new_db fault_invoices
FINALIZER_EVERY=off start_instance inv-migrate
stop_instance inv-migrate
base=$(counter)
# Both instances are up, their schedulers polling every 200 ms, before the backlog appears in one commit.
FINALIZER_EVERY=200ms start_instance i1 "${INV_ENV[@]}"
FINALIZER_EVERY=200ms start_instance i2 "${INV_ENV[@]}"
log "seeding $N due DRAFT invoices (+ $((N / 40)) not due) with their lines; counter at $base"
t_seed=$(date +%s%N)
seed_invoices "$N" $((N / 40))
t0=$(date +%s%N)
lines=$(sql -c "SELECT count(*) FROM invoice_line")
log "seeded in $(elapsed "$t_seed") s ($lines lines); two instances finalizing in batches of $BATCH"
# kill -9 i1 once a fifth is finalized, then i2 (alone by then) at two fifths; fails if the run was too quick to catch.
for _ in $(seq 1 3000); do (($(finalized_count) >= N / 5)) && break; sleep 0.05; done
stop_instance i1 KILL
at_kill1=$(finalized_count)
t_kill1=$(elapsed "$t0")
log "kill -9 i1 at $t_kill1 s with $at_kill1 of $N finalized"
for _ in $(seq 1 3000); do (($(finalized_count) >= 2 * N / 5)) && break; sleep 0.05; done
stop_instance i2 KILL
wait_backends_gone 30 || die "backends of the killed instances remain"
at_kill2=$(finalized_count)
t_kill2=$(elapsed "$t0")
log "kill -9 i2 at $t_kill2 s with $at_kill2 of $N finalized; both dead, their open transactions ended"
((at_kill1 > 0 && at_kill2 < N)) || die "the kills did not land mid-run ($at_kill1, $at_kill2 of $N); raise N"
# The state the crashes left, before anyone repairs it: what is FINALIZED is whole, the rest DRAFT and unnumbered.
check_consistency "after the kills" "$(invoice_sql "$base" 0)"
mid_violations=$VIOLATIONS
t_restart=$(date +%s%N)
FINALIZER_EVERY=200ms start_instance i1b "${INV_ENV[@]}"
FINALIZER_EVERY=200ms start_instance i2b "${INV_ENV[@]}"
wait_none_due $((SHORT == 1 ? 60 : 300)) || true
drain_s=$(elapsed "$t_restart")
sleep 0.5 # the INFO line after the last run
shares=$(finalized_by i1b i2b)
stop_instance i1b
stop_instance i2b
total_s=$(elapsed "$t0")
finalized=$(finalized_count)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'invoice.finalized'")
open_draft=$(sql -c "SELECT count(*) FROM invoice WHERE status = 'DRAFT'")
last=$(counter)
nbatches=$(batches)
check_consistency "invoices" "$(invoice_sql "$base" 1)"
result=PASS
((finalized == N && events == N && last == base + N && open_draft == N / 40 && VIOLATIONS == 0 \
    && mid_violations == 0)) || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "invoices: two instances, kill -9 of each mid-run" "$result" \
    "N=$N due DRAFT invoices ($lines lines), batch $BATCH, scheduler 200 ms; i1 killed at $at_kill1 finalized" \
    "(${t_kill1} s), i2 at $at_kill2 (${t_kill2} s), then $mid_violations inconsistencies; after the restart" \
    "$finalized FINALIZED in ${drain_s} s (${shares% }), $events invoice.finalized events, numbers $((base + 1))..$last" \
    "in $nbatches batches, $open_draft not-due left DRAFT, $VIOLATIONS inconsistencies; ${total_s} s from the seed"

# --- 2. a FINALIZED invoice never changes ----------------------------------------------------------------------------
SCENARIO=inv-immutable
checksum() {
    sql -c "SELECT count(*) || ' ' || md5(string_agg(t, '|' ORDER BY t))
              FROM (SELECT i::text t FROM invoice i UNION ALL SELECT l::text FROM invoice_line l) x"
}
before=$(checksum)
fin_id=$(sql -c "SELECT id FROM invoice WHERE status = 'FINALIZED' ORDER BY number_sequence LIMIT 1")
draft_id=$(sql -c "SELECT id FROM invoice WHERE status = 'DRAFT' LIMIT 1")
FINALIZED_IDS="(SELECT id FROM invoice WHERE status = 'FINALIZED')"
attempts=(
    "UPDATE invoice SET total = total + 1, subtotal = subtotal + 1 WHERE status = 'FINALIZED'"
    "DELETE FROM invoice_line WHERE invoice_id IN $FINALIZED_IDS"
    "UPDATE invoice SET status = 'DRAFT', number_sequence = NULL, finalized_at = NULL WHERE id = '$fin_id'"
    "DELETE FROM invoice WHERE id = '$fin_id'"
    "UPDATE invoice_line SET quantity = quantity + 1, amount = amount + 0.096 WHERE invoice_id IN $FINALIZED_IDS"
    "INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, quantity, amount)
       VALUES (gen_random_uuid(), '$fin_id', 'vm-b1s-hour', 0.0104, '1 Hour', 'Virtual Machines B1s', 1, 0.0104)"
    "UPDATE invoice_line SET invoice_id = '$fin_id' WHERE invoice_id = '$draft_id'"
)
refused=0
for a in "${attempts[@]}"; do
    if out=$(sql -c "$a" 2>&1); then
        log "ACCEPTED: $a"
    elif grep -q 'is FINALIZED' <<<"$out"; then
        refused=$((refused + 1))
    else
        log "failed for another reason: $a: $out"
    fi
done
after=$(checksum)
log "checksum (rows md5) before ${before}, after ${after}"
result=PASS
((refused == ${#attempts[@]})) && [[ $before == "$after" ]] || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "invoices: a FINALIZED invoice never changes" "$result" \
    "$refused of ${#attempts[@]} changes sent with psql refused by the triggers (total/subtotal +1 on all FINALIZED," \
    "delete their lines, back to DRAFT, delete one, change/add/move in a line); invoice + line rows" \
    "checksum $([[ $before == "$after" ]] && echo unchanged || echo CHANGED) (${before%% *} rows)"

# --- 3. kill -9 while a finalizing transaction waits for the counter row -------------------------------------------------
SCENARIO=inv-lock
new_db fault_invoices_lock
FINALIZER_EVERY=off start_instance inv-migrate2
stop_instance inv-migrate2
seed_invoices "$LOCK_N" 0
base=$(counter)
# The holder: a psql session that locks the counter row and sleeps until it is terminated.
psql -h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres -d "$DB" -q -v ON_ERROR_STOP=1 \
    -c "SET application_name = 'fault-counter-holder'" \
    -c "BEGIN" -c "SELECT * FROM invoice_number FOR UPDATE" -c "SELECT pg_sleep(600)" \
    >"$FAULT_WORK/holder.log" 2>&1 &
HOLDER_PID=$!
holder_cleanup() {
    local rc=$?
    kill "$HOLDER_PID" 2>/dev/null || true
    set +e
    (exit $rc)
    cleanup
}
trap holder_cleanup EXIT
for _ in $(seq 1 100); do
    (($(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'fault-counter-holder'
                 AND query LIKE '%pg_sleep%'") > 0)) && break
    sleep 0.1
done
FINALIZER_EVERY=200ms start_instance il "${INV_ENV[@]}"
# The instance's first run claims a batch (row locks) and then waits for the counter row lock held by the holder.
waiting_pid=""
for _ in $(seq 1 300); do
    waiting_pid=$(sql -c "SELECT a.pid FROM pg_stat_activity a
                           WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
                             AND a.query LIKE 'UPDATE invoice_number%' AND a.state = 'active' LIMIT 1")
    [[ -n $waiting_pid ]] && break
    sleep 0.1
done
[[ -n $waiting_pid ]] || die "no finalizing transaction waits for the counter row"
blocked_by=$(sql -c "SELECT application_name FROM pg_stat_activity
                      WHERE pid = ANY (pg_blocking_pids($waiting_pid))")
waiting_lock=$(sql -c "SELECT locktype || ' ' || mode FROM pg_locks WHERE pid = $waiting_pid AND NOT granted LIMIT 1")
# The invoices the waiting transaction claimed: the due DRAFT ones this session cannot lock (SKIP LOCKED skips them).
sql -c "WITH free AS MATERIALIZED (SELECT id FROM invoice WHERE status = 'DRAFT' FOR UPDATE SKIP LOCKED)
        SELECT i.id FROM invoice i WHERE status = 'DRAFT' AND NOT EXISTS (SELECT 1 FROM free WHERE free.id = i.id)" |
    LC_ALL=C sort >"$FAULT_WORK/claimed.txt"
claimed=$(grep -c . "$FAULT_WORK/claimed.txt" || true)
# The claim takes the first batch-size due invoices by (period_end, id).
first_batch=$(sql -c "SELECT id FROM invoice WHERE status = 'DRAFT' ORDER BY period_end, id LIMIT $BATCH" | LC_ALL=C sort |
    comm -3 - "$FAULT_WORK/claimed.txt" | grep -c . || true)
log "backend $waiting_pid waits ($waiting_lock, blocked by ${blocked_by:-?}) holding $claimed claimed invoices" \
    "($first_batch differ from the first $BATCH due); kill -9 the instance"
stop_instance il KILL
# PostgreSQL does not notice the dead client while the statement waits: the backend keeps its claim until the lock
# is released, then finishes the UPDATE, finds the client gone and rolls the whole transaction back.
still_waiting=$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE pid = $waiting_pid AND wait_event_type = 'Lock'")
sql -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'fault-counter-holder'" >/dev/null
wait "$HOLDER_PID" 2>/dev/null || true
wait_backends_gone 30 || die "the killed instance's backend did not end"
after_release_counter=$(counter)
after_release_fin=$(finalized_count)
eof_logged=$(grep -c 'unexpected EOF on client connection with an open transaction\|connection to client lost' \
    "$FAULT_PGDATA/server.log" || true)
log "after the release: counter $after_release_counter (was $base), $after_release_fin FINALIZED;" \
    "server log: $eof_logged client-lost/EOF-in-transaction lines"
FINALIZER_EVERY=200ms start_instance il2 "${INV_ENV[@]}"
wait_none_due 60 || true
stop_instance il2
finalized=$(finalized_count)
# Each claimed invoice: FINALIZED, one event, number within the run's range.
claimed_ok=$(sql -c "SELECT count(*) FROM invoice i
                      WHERE i.id = ANY (string_to_array('$(paste -sd, "$FAULT_WORK/claimed.txt")', ',')::uuid[])
                        AND i.status = 'FINALIZED'
                        AND (SELECT count(*) FROM event e WHERE e.type = 'invoice.finalized'
                               AND e.data ->> 'invoiceId' = i.id::text) = 1")
check_consistency "invoices (lock)" "$(invoice_sql "$base" 1)"
result=PASS
((claimed == BATCH && first_batch == 0 && still_waiting == 1 && after_release_counter == base \
    && after_release_fin == 0 && finalized == LOCK_N && claimed_ok == claimed && VIOLATIONS == 0)) || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "invoices: kill -9 mid-transaction (counter row held)" "$result" \
    "$LOCK_N due invoices; the finalizing transaction claimed $claimed (the first batch) and waited for the counter" \
    "row ($waiting_lock); killed; its backend still waiting after the kill: $still_waiting; after the release" \
    "counter $after_release_counter, $after_release_fin FINALIZED (rolled back); after the restart $finalized of" \
    "$LOCK_N FINALIZED, the $claimed claimed ones finalized once each: $claimed_ok; $VIOLATIONS inconsistencies"
[[ $overall == PASS ]]

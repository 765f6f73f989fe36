#!/usr/bin/env bash
# (g) Invoice finalization under faults (docs/design.md §13: "exactly once with several instances (SKIP LOCKED),
# crash-safe; a FINALIZED invoice never changes"):
#   1. N due DRAFT invoices (with lines) seeded with SQL; two instances finalize them (scheduler every 200 ms, small
#      batches); kill -9 of one, then of the other, mid-run; while both are dead the database must hold no
#      half-written batch; restart both and wait until none is due: every invoice FINALIZED once, numbers exactly
#      1..N, the counter at N, one invoice.finalized event per invoice with its number, numbers in commit order;
#   2. psql tries to change FINALIZED invoices and their lines: every statement fails, nothing changes;
#   3. a crash at a known point inside a batch: psql holds the number counter's row lock, an instance claims a batch
#      and blocks on the counter, kill -9; the dead instance's transaction still waits (PostgreSQL does not notice
#      a dead client while its backend waits on a lock); the lock is released: the orphan transaction rolls back,
#      numbers included; the claimed invoices are finalized later by another instance, once, with the next numbers.
#   4. one due invoice corrupted in the database (currency ABC) among M: two instances run the job at once, twice; it
#      is set aside once (listed, counted once across both), every other one finalized once, numbers gapless; once
#      corrected and retried, it is finalized once with the next number (docs/design.md §14).
#                                                                            faults/invoices.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=invoices
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

if [[ $SHORT == 1 ]]; then N=${N:-4000} BATCH=${BATCH:-20} M=${M:-100}; else N=${N:-30000} BATCH=${BATCH:-100} M=${M:-500}; fi
overall=PASS
ops=$(token operator ops)
PGC=(-h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres)

# --- Commit timestamps -------------------------------------------------------------------------------------------
# The design promises numbers "increasing in finalization order": the counter row is locked from a batch's UPDATE
# invoice_number until its commit, so a batch that got higher numbers committed later. track_commit_timestamp
# makes that checkable (pg_xact_commit_timestamp of each finalized row's xmin); it needs a server restart. It is
# switched back off at the end when this script switched it on (run-all.sh shares the cluster).
CTS_CHANGED=0
commit_ts_on() {
    [[ $(psql "${PGC[@]}" -d postgres -Atqc 'SHOW track_commit_timestamp') == on ]] && return 0
    psql "${PGC[@]}" -d postgres -qc 'ALTER SYSTEM SET track_commit_timestamp = on' >/dev/null
    pg_stop_server && pg_start_server
    CTS_CHANGED=1
    log "track_commit_timestamp on (cluster restarted)"
}
commit_ts_restore() {
    # Only a shared cluster (run-all.sh) is put back; this script's own is removed anyway.
    ((CTS_CHANGED == 1 && pg_owned_here == 0)) || return 0
    psql "${PGC[@]}" -d postgres -qc 'ALTER SYSTEM RESET track_commit_timestamp' >/dev/null 2>&1 || true
    { pg_stop_server && pg_start_server; } 2>/dev/null || true
    CTS_CHANGED=0
}
HOLDER_PID=""
invoices_cleanup() {
    local rc=$?
    exec 7>&- 2>/dev/null || true
    [[ -n $HOLDER_PID ]] && kill "$HOLDER_PID" 2>/dev/null
    set +e
    stop_all_instances
    commit_ts_restore
    (exit $rc)
    cleanup
}
trap invoices_cleanup EXIT

new_db fault_invoices
commit_ts_on
JDBC_BASE=$JDBC_URL
# inv_instance <name> [VAR=value...]: an instance whose connections carry application_name inv-<name>.
inv_instance() {
    local name=$1
    shift
    start_instance "$name" QUARKUS_DATASOURCE_JDBC_URL="$JDBC_BASE?ApplicationName=inv-$name" \
        UPGRADES_FINALIZER_BATCH_SIZE="$BATCH" "$@"
}

# --- Instrumentation (this database only) ---------------------------------------------------------------------------
# One row per committed finalizing statement: its transaction, the instance (application_name) and how many invoices
# it finalized. Written in the batch's own transaction, so a rolled-back batch leaves no row; it lets the figures say
# which instance finalized what, including the instances killed before they could log.
instrument() {
    sql <<'SQL'
CREATE TABLE fault_batch (xid xid8 PRIMARY KEY, app text NOT NULL, n integer NOT NULL, at timestamptz NOT NULL);
CREATE FUNCTION fault_batch_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO fault_batch
    SELECT pg_current_xact_id(), current_setting('application_name'), count(*), clock_timestamp()
      FROM nt WHERE status = 'FINALIZED' HAVING count(*) > 0;
    RETURN NULL;
END $$;
CREATE TRIGGER fault_batch AFTER UPDATE ON invoice REFERENCING NEW TABLE AS nt
    FOR EACH STATEMENT EXECUTE FUNCTION fault_batch_record();
SQL
}

# seed_due_invoices <count> <months back>: <count> Pay-As-You-Go subscriptions (USD), each with a DRAFT invoice for the
# calendar month <months back> (long due: its period ended a month or more ago, far beyond the 5 min grace) and two
# lines (D2s v3 and B1s hours) whose amounts add up to its subtotal; every third has credit applied. With
# <months back> = 3 and existing subscriptions, the invoices go to the first <count> subscriptions instead.
seed_due_invoices() {
    local n=$1 back=$2 existing=${3:-new}
    sql <<SQL
BEGIN;
CREATE TEMP TABLE seed ON COMMIT DROP AS
SELECT sid, owner, g,
       (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => $back)) AT TIME ZONE 'UTC' AS p_start,
       (date_trunc('month', now() AT TIME ZONE 'UTC') - make_interval(months => $back - 1)) AT TIME ZONE 'UTC' AS p_end,
       ((g % 50) + 1) * d.unit_price_amount AS a1, 10 * b.unit_price_amount AS a2,
       (g % 50) + 1 AS q1, d.unit_price_amount AS p1, b.unit_price_amount AS p2
  FROM (SELECT CASE WHEN '$existing' = 'new' THEN gen_random_uuid() END AS sid0, g FROM generate_series(1, $n) g) x
  LEFT JOIN LATERAL (SELECT id FROM subscription WHERE '$existing' <> 'new' ORDER BY id OFFSET x.g - 1 LIMIT 1) e ON true
  CROSS JOIN LATERAL (SELECT coalesce(x.sid0, e.id) AS sid, 'fault-inv-' || (x.g % 1000) AS owner) s
  CROSS JOIN (SELECT unit_price_amount FROM meter WHERE id = 'vm-d2s-v3-hour') d
  CROSS JOIN (SELECT unit_price_amount FROM meter WHERE id = 'vm-b1s-hour') b;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state, spending_limit,
                          created_at, currency)
SELECT sid, owner, 'invoice fault ' || g, '$PAYG', '$PAYG', false, 'ACTIVE', 'OFF', now() - interval '400 days', 'USD'
  FROM seed WHERE '$existing' = 'new';
INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status,
                     subtotal, credit_applied, not_charged, total)
SELECT uuid_v7_at(p_start), sid, (SELECT owner_id FROM subscription WHERE id = sid), 'USD', p_start, p_end, 'DRAFT',
       a1 + a2, CASE WHEN g % 3 = 0 THEN a2 ELSE 0 END, 0, CASE WHEN g % 3 = 0 THEN a1 ELSE a1 + a2 END
  FROM seed;
INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, name_zh_tw, quantity, amount)
SELECT gen_random_uuid(), i.id, m.id, l.price, m.unit, m.name_en, m.name_zh_tw, l.q, l.amount
  FROM seed s
  JOIN invoice i ON i.subscription_id = s.sid AND i.period_start = s.p_start
  CROSS JOIN LATERAL (VALUES ('vm-d2s-v3-hour', s.p1, s.q1, s.a1), ('vm-b1s-hour', s.p2, 10, s.a2)) l (meter, price, q, amount)
  JOIN meter m ON m.id = l.meter;
COMMIT;
ANALYZE invoice;
SQL
}

finalized_count() { sql -c "SELECT count(*) FROM invoice WHERE status = 'FINALIZED'"; }
due_count() { sql -c "SELECT count(*) FROM invoice WHERE status = 'DRAFT' AND period_end <= now() - interval '5 minutes'"; }
counter() { sql -c "SELECT last_value FROM invoice_number"; }
# What finalization must never change: every invoice's amounts, period and subscription, and every line.
fingerprint() {
    sql -c "SELECT md5(coalesce(string_agg(concat_ws('|', id, subscription_id, period_start, period_end, subtotal,
                   credit_applied, not_charged, total, currency), ',' ORDER BY id), '')) FROM invoice"
    sql -c "SELECT count(*) || ' ' || md5(coalesce(string_agg(concat_ws('|', id, invoice_id, meter_id, unit_price, unit,
                   name_en, quantity, amount), ',' ORDER BY id), '')) FROM invoice_line"
}
finalized_fingerprint() { # [up to number]
    sql -c "SELECT md5(coalesce(string_agg(concat_ws('|', id, status, number_sequence, finalized_at, total), ','
                   ORDER BY id), '')) FROM invoice WHERE status = 'FINALIZED' AND number_sequence <= ${1:-9e18}"
}
# wait_no_backends <app pattern> <seconds>: until no connection of those instances is left in PostgreSQL (after a
# kill -9 the server ends a backend when it reads the closed socket; one waiting on a lock reads it only later).
wait_no_backends() {
    local t=0
    while (($(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE '$1'") > 0)); do
        ((t++ < $2 * 10)) || return 1
        sleep 0.1
    done
}
per_instance() {
    sql -c "SELECT coalesce(string_agg(replace(app, 'inv-', '') || '=' || n || ' in ' || b || ' batches', ', ' ORDER BY app), 'none')
              FROM (SELECT app, sum(n) n, count(*) b FROM fault_batch GROUP BY app) s"
}

# --- The invoice consistency query: one line per violation -----------------------------------------------------------
# Over the whole database (fresh for this script, counter started at 0), so it holds after every step:
# - counter = number of FINALIZED invoices, their numbers exactly 1..counter (no gap, no duplicate);
# - exactly one invoice.finalized event per FINALIZED invoice, none for a DRAFT one, with its number and subscription,
#   written by the same transaction that finalized it (event.xid = the row's xmin): nothing half-written;
# - per finalizing transaction (the rows' xmin): one contiguous block of numbers, one finalized_at, at most a batch;
# - finalized only once due (finalized_at >= period_end + the 5 min grace);
# - numbers follow commit order: ordered by their numbers, the batches' commit timestamps never decrease.
#   Not asserted: finalized_at increasing with the number. finalized_at is the service clock read when the batch's
#   transaction starts, before it claims and before it waits for the counter; across instances a batch that started
#   earlier can get the counter later (the figures count these inversions). Within one instance batches run one
#   after the other, so there it does increase.
INVOICE_SQL="
WITH f AS (SELECT i.*, i.xmin::text AS x FROM invoice i WHERE status = 'FINALIZED'),
     c AS (SELECT last_value FROM invoice_number),
     ev AS (SELECT e.*, (e.data ->> 'invoiceId')::uuid AS invoice_id FROM event e WHERE e.type = 'invoice.finalized'),
     batches AS (SELECT x, min(number_sequence) lo, max(number_sequence) hi, count(*) n,
                        count(DISTINCT finalized_at) ats, min(finalized_at) at, pg_xact_commit_timestamp(x::xid) committed
                   FROM f GROUP BY x)
SELECT 'counter ' || c.last_value || ' but ' || (SELECT count(*) FROM f) || ' FINALIZED' FROM c
 WHERE c.last_value <> (SELECT count(*) FROM f)
UNION ALL SELECT 'numbers ' || count(*) || ' rows, ' || count(DISTINCT number_sequence) || ' distinct, range '
                 || min(number_sequence) || '..' || max(number_sequence) FROM f
 HAVING count(*) > 0 AND (min(number_sequence) <> 1 OR max(number_sequence) <> count(*)
                          OR count(DISTINCT number_sequence) <> count(*))
UNION ALL (SELECT 'number missing ' || g FROM c, generate_series(1, c.last_value) g
            WHERE NOT EXISTS (SELECT 1 FROM f WHERE number_sequence = g) ORDER BY g LIMIT 10)
UNION ALL SELECT 'invoice ' || f.id || ' has ' || count(ev.id) || ' invoice.finalized events'
  FROM f LEFT JOIN ev ON ev.invoice_id = f.id GROUP BY f.id HAVING count(ev.id) <> 1
UNION ALL SELECT 'invoice.finalized event ' || ev.id || ' for an invoice not FINALIZED'
  FROM ev LEFT JOIN f ON f.id = ev.invoice_id WHERE f.id IS NULL
UNION ALL SELECT 'event ' || ev.id || ' says ' || (ev.data ->> 'number') || ' for INV-' || lpad(f.number_sequence::text, 6, '0')
  FROM ev JOIN f ON f.id = ev.invoice_id
 WHERE ev.data ->> 'number' <> 'INV-' || CASE WHEN f.number_sequence < 1000000 THEN lpad(f.number_sequence::text, 6, '0')
                                              ELSE f.number_sequence::text END
    OR ev.subscription_id <> f.subscription_id OR (ev.data ->> 'periodStart')::timestamptz <> f.period_start
UNION ALL SELECT 'event ' || ev.id || ' not written by the transaction that finalized ' || f.id
  FROM ev JOIN f ON f.id = ev.invoice_id WHERE (ev.xid::text::bigint % 4294967296)::text <> f.x
UNION ALL SELECT 'batch ' || x || ': numbers ' || lo || '..' || hi || ' for ' || n || ' invoices, ' || ats || ' finalized_at'
  FROM batches WHERE hi - lo + 1 <> n OR ats <> 1 OR n > $BATCH
UNION ALL SELECT 'invoice ' || id || ' finalized at ' || finalized_at || ' before it was due' FROM f
 WHERE finalized_at < period_end + interval '5 minutes'
UNION ALL SELECT 'batch ' || x || ' (numbers from ' || lo || ') committed at ' || committed || ', before the batch numbered before it ('
                 || prev || ')'
  FROM (SELECT *, lag(committed) OVER (ORDER BY lo) prev FROM batches) b WHERE committed < prev
UNION ALL SELECT 'no commit timestamp for batch ' || x FROM batches WHERE committed IS NULL"

# Figures of the finalized batches: BATCHES, INVERSIONS (batch pairs adjacent in number order whose finalized_at
# decreases: started earlier, numbered later).
batch_figures() {
    read -r BATCHES INVERSIONS < <(sql -F ' ' -c "
        SELECT count(*), count(*) FILTER (WHERE at < prev) FROM (
          SELECT at, lag(at) OVER (ORDER BY lo) prev FROM (
            SELECT min(number_sequence) lo, min(finalized_at) at FROM invoice WHERE status = 'FINALIZED'
             GROUP BY xmin::text) b) s")
}

ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }

# --- 1. two instances, kill -9 mid-run --------------------------------------------------------------------------------
SCENARIO=inv-kill9
ASYNC=1 FINALIZER_EVERY=200ms inv_instance a
ASYNC=1 FINALIZER_EVERY=200ms inv_instance b
wait_instances a b
instrument
log "seeding $N due DRAFT invoices ($((2 * N)) lines) while a and b finalize every 200 ms in batches of $BATCH"
t0=$(date +%s%N)
seed_due_invoices "$N" 2
seed_ms=$(ms_since "$t0")
started=$(date +%s%N)
# Plus the current month's DRAFT invoice for a fortieth of them: not due, the finalizer must leave them alone.
OPEN=$((N / 40))
sql -c "INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start, period_end, status, subtotal,
                             credit_applied, not_charged, total)
        SELECT uuid_v7_at(m), id, owner_id, 'USD', m, m + interval '1 month', 'DRAFT', 0, 0, 0, 0
          FROM (SELECT id, owner_id, date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS m
                  FROM subscription ORDER BY id LIMIT $OPEN) s" >/dev/null
read -r -d '' fp_before < <(fingerprint) || true
# Kill a once a tenth is finalized, b once a third is: both die inside a run, each with a batch in flight.
kill_at() {
    local target=$1 got
    for _ in $(seq 1 3000); do
        got=$(finalized_count)
        ((got >= target)) && break
        sleep 0.05
    done
    echo "$got"
}
# The signal is sent without waiting for the process to go (stop_instance reaps it afterwards).
seen_a=$(kill_at $((N / 10)))
kill -KILL "${SERVICE_PIDS[a]}"
kill_a_ms=$(ms_since "$started")
seen_b=$(kill_at $((N / 4)))
kill -KILL "${SERVICE_PIDS[b]}"
kill_b_ms=$(ms_since "$started")
stop_instance a KILL
stop_instance b KILL
wait_no_backends 'inv-%' 30 || die "the killed instances' connections are still open after 30 s"
at_kill=$(finalized_count)
log "kill -9 a at $seen_a finalized (${kill_a_ms} ms), b at $seen_b (${kill_b_ms} ms); with both dead: $at_kill of $N FINALIZED, counter $(counter)"
((at_kill < N)) || die "finalization ended before the second kill; raise N"
check_consistency "invoices with both instances dead" "$INVOICE_SQL"
dead_violations=$VIOLATIONS
dead_shares=$(per_instance)

t1=$(date +%s%N)
FINALIZER_EVERY=200ms inv_instance a2
t_a2=$(date +%s%N)
FINALIZER_EVERY=200ms inv_instance b2
t=0
while (($(due_count) > 0)); do
    ((t++ < (SHORT == 1 ? 900 : 3000))) || { log "still $(due_count) due after the restart"; break; }
    sleep 0.1
done
drain_ms=$(ms_since "$t1")
a2_ms=$(ms_since "$t_a2")
total_ms=$(ms_since "$started")
sleep 0.5 # a run that found nothing more commits nothing; let the last one end before stopping
stop_instance a2
stop_instance b2
finalized=$(finalized_count)
last=$(counter)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'invoice.finalized'")
open_draft=$(sql -c "SELECT count(*) FROM invoice WHERE status = 'DRAFT'")
check_consistency "invoices after the restart" "$INVOICE_SQL"
read -r -d '' fp_after < <(fingerprint) || true
batch_figures
shares=$(per_instance)
result=PASS
((finalized == N && last == N && events == N && open_draft == OPEN && VIOLATIONS == 0 && dead_violations == 0)) && [[ $fp_before == "$fp_after" ]] \
    || result=FAIL
[[ $fp_before == "$fp_after" ]] || log "amounts or lines changed during finalization"
[[ $result == PASS ]] || overall=FAIL
summary "invoices: two instances, kill -9 of both mid-run" "$result" \
    "N=$N due DRAFT invoices ($((2 * N)) lines) seeded in ${seed_ms} ms, batch $BATCH, scheduler 200 ms;" \
    "a killed at $seen_a finalized, b at $seen_b; with both dead $at_kill FINALIZED = counter, $dead_violations inconsistencies;" \
    "restarted a2+b2 finalized the other $((finalized - at_kill)) in ${drain_ms} ms (${a2_ms} ms after a2 was ready; ${total_ms} ms in all);" \
    "$finalized FINALIZED, numbers 1..$last, $events invoice.finalized events, $open_draft not due left DRAFT;" \
    "finalized per instance (committed batches): $shares;" \
    "$BATCHES batches in commit order = number order, $INVERSIONS adjacent pairs with finalized_at decreasing" \
    "(started earlier, numbered later; allowed); amounts and lines unchanged: $([[ $fp_before == "$fp_after" ]] && echo yes || echo NO);" \
    "$VIOLATIONS inconsistencies"

# --- 2. a FINALIZED invoice never changes ------------------------------------------------------------------------------
SCENARIO=inv-immutable
read -r -d '' fp_before < <(fingerprint; finalized_fingerprint) || true
one=$(sql -c "SELECT id FROM invoice WHERE status = 'FINALIZED' ORDER BY number_sequence LIMIT 1")
attempts=(
    "UPDATE invoice SET total = total + 1 WHERE status = 'FINALIZED'"
    "UPDATE invoice SET status = 'DRAFT', number_sequence = NULL, finalized_at = NULL WHERE id = '$one'"
    "UPDATE invoice SET finalized_at = finalized_at + interval '1 day' WHERE id = '$one'"
    "DELETE FROM invoice_line WHERE invoice_id IN (SELECT id FROM invoice WHERE status = 'FINALIZED')"
    "UPDATE invoice_line SET amount = amount + 1 WHERE invoice_id = '$one'"
    "INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, quantity, amount)
     SELECT gen_random_uuid(), '$one', id, 1, unit, name_en, 1, 1 FROM meter WHERE id = 'vm-b1s-hour'"
    "UPDATE invoice_line SET invoice_id = '$one'
      WHERE invoice_id = (SELECT id FROM invoice WHERE status = 'FINALIZED' ORDER BY number_sequence DESC LIMIT 1)"
    "DELETE FROM invoice WHERE id = '$one'"
)
refused=0 wrong=""
for stmt in "${attempts[@]}"; do
    rc=0
    out=$(sql -c "$stmt" 2>&1) || rc=$?
    if ((rc != 0)) && grep -q 'is FINALIZED' <<<"$out"; then
        refused=$((refused + 1))
    else
        wrong+="[$stmt -> rc $rc: $(head -c 200 <<<"$out")] "
    fi
done
# The consistency query is not vacuous: in a transaction that is rolled back, with the trigger disabled, a number
# taken out of the sequence and a second invoice.finalized event for one invoice must both show.
selftest=$(sql <<SQL
BEGIN;
ALTER TABLE invoice DISABLE TRIGGER invoice_finalized_is_final;
UPDATE invoice SET number_sequence = number_sequence + 1000000 WHERE number_sequence = 7;
INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)
SELECT type, subscription_id, owner_id, occurred_at, data FROM event WHERE type = 'invoice.finalized' LIMIT 1;
$INVOICE_SQL;
ROLLBACK;
SQL
)
caught=0
grep -q '^number missing 7$' <<<"$selftest" && caught=$((caught + 1))
grep -q 'has 2 invoice.finalized events$' <<<"$selftest" && caught=$((caught + 1))
((caught == 2)) || log "the consistency query missed a planted fault: $(head -c 600 <<<"$selftest")"
read -r -d '' fp_after < <(fingerprint; finalized_fingerprint) || true
result=PASS
((refused == ${#attempts[@]} && caught == 2)) && [[ $fp_before == "$fp_after" ]] || result=FAIL
[[ -z $wrong ]] || log "not refused as expected: $wrong"
[[ $result == PASS ]] || overall=FAIL
summary "invoices: FINALIZED never changes" "$result" \
    "$refused of ${#attempts[@]} statements refused by the triggers (UPDATE total of all $N, unfinalize, move finalized_at," \
    "DELETE/UPDATE/INSERT/move lines, DELETE the invoice); invoices and lines unchanged: $([[ $fp_before == "$fp_after" ]] && echo yes || echo NO);" \
    "the consistency query catches a planted gap and a duplicate event (rolled back): $caught of 2"

# --- 3. kill -9 inside a batch, at a known point --------------------------------------------------------------------
SCENARIO=inv-locked
log "seeding $M more due DRAFT invoices (three months back, on existing subscriptions)"
seed_due_invoices "$M" 3 existing
before=$(counter)
fp_before=$(finalized_fingerprint)
FINALIZER_EVERY=off inv_instance c
# psql takes the counter's row lock and keeps its transaction open until told to roll back.
fifo=$FAULT_WORK/holder.fifo
rm -f "$fifo" && mkfifo "$fifo"
psql "${PGC[@]}" -d "$DB" -Atq -v ON_ERROR_STOP=1 <"$fifo" >"$FAULT_WORK/holder.out" 2>&1 &
HOLDER_PID=$!
exec 7>"$fifo"
echo "BEGIN; SELECT 'held ' || last_value FROM invoice_number FOR UPDATE;" >&7
for _ in $(seq 1 100); do grep -q '^held' "$FAULT_WORK/holder.out" && break; sleep 0.1; done
grep -q '^held' "$FAULT_WORK/holder.out" || die "psql did not take the counter lock: $(cat "$FAULT_WORK/holder.out")"
curl -s -o "$FAULT_WORK/job-c.json" --max-time 120 -X POST -H "Authorization: Bearer $ops" "$(url c)/v1/jobs/invoice-finalization" &
curl_pid=$!
# The job claims a batch (FOR UPDATE SKIP LOCKED), then waits for the counter.
waiting=0
for _ in $(seq 1 200); do
    waiting=$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inv-c' AND wait_event_type = 'Lock'
                        AND query LIKE 'UPDATE invoice_number%'")
    ((waiting == 1)) && break
    sleep 0.05
done
((waiting == 1)) || die "instance c never blocked on the counter"
# What the claim holds: the due DRAFT invoices another claimer would skip.
unlocked() { sql -c "SELECT count(*) FROM (SELECT id FROM invoice WHERE status = 'DRAFT'
                        AND period_end <= now() - interval '5 minutes' FOR UPDATE SKIP LOCKED) s"; }
claimed=$((M - $(unlocked)))
stop_instance c KILL
wait "$curl_pid" 2>/dev/null || true
sleep 1
orphan=$(sql -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'inv-c' AND wait_event_type = 'Lock'")
claimed_after_kill=$((M - $(unlocked)))
log "instance c claimed $claimed invoices and blocked on the counter; kill -9; 1 s later its transaction still waits ($orphan) holding $claimed_after_kill"
echo "ROLLBACK;" >&7
exec 7>&-
wait "$HOLDER_PID" 2>/dev/null || true
HOLDER_PID=""
t0=$(date +%s%N)
wait_no_backends 'inv-c' 30 || die "the orphan transaction of c did not end"
orphan_ms=$(ms_since "$t0")
after_orphan=$(counter)
drafts_after=$(due_count)
free_after=$(unlocked)
check_consistency "invoices after the orphan transaction ended" "$INVOICE_SQL"
orphan_violations=$VIOLATIONS
fp_mid=$(finalized_fingerprint)
FINALIZER_EVERY=off inv_instance c2
job=$(curl -sf --max-time 120 -X POST -H "Authorization: Bearer $ops" "$(url c2)/v1/jobs/invoice-finalization") \
    || die "the finalization job failed on c2"
job_n=$(jq -r .finalized <<<"$job")
stop_instance c2
finalized=$(finalized_count)
last=$(counter)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'invoice.finalized'")
check_consistency "invoices after c2" "$INVOICE_SQL"
fp_old_after=$(finalized_fingerprint "$before")
result=PASS
((claimed == BATCH && claimed_after_kill == BATCH && orphan == 1 && after_orphan == before && drafts_after == M \
    && free_after == M && orphan_violations == 0 && job_n == M && finalized == N + M && last == N + M \
    && events == N + M && VIOLATIONS == 0)) && [[ $fp_mid == "$fp_before" && $fp_old_after == "$fp_before" ]] || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "invoices: kill -9 inside a batch (counter locked)" "$result" \
    "$M more due invoices; c claimed $claimed (batch $BATCH) and blocked on the counter held by psql; kill -9;" \
    "1 s later the dead instance's transaction still waited ($orphan) holding $claimed_after_kill; lock released: it ended" \
    "${orphan_ms} ms later, rolled back: counter $after_orphan (was $before), $drafts_after DRAFT, $free_after unclaimed," \
    "$orphan_violations inconsistencies; c2's job finalized $job_n: $finalized FINALIZED, numbers 1..$last," \
    "$events events, the $before finalized before unchanged: $([[ $fp_old_after == "$fp_before" ]] && echo yes || echo NO);" \
    "$VIOLATIONS inconsistencies"

# --- 4. one bad row among the due, two instances at once: set aside once, every other invoice finalized once -------
# A bad import (design §14): one due invoice's subscription, invoice and usage in a currency that is not ISO 4217,
# written straight into the database. Two instances run the job at the same moment, twice; the bad invoice must be
# set aside once (one open entry, counted once across both instances) and every other one finalized once with
# gapless numbers. Corrected and retried, it is finalized by the other instance, with the next number.
SCENARIO=inv-set-aside
log "seeding $M more due DRAFT invoices on new subscriptions; one of them written in currency ABC"
seed_due_invoices "$M" 2
bad_sub=$(sql -c "SELECT s.id FROM subscription s JOIN invoice i ON i.subscription_id = s.id
                   WHERE i.status = 'DRAFT' AND i.period_end <= now() - interval '5 minutes'
                   ORDER BY i.id DESC LIMIT 1")
bad=$(sql -c "SELECT id FROM invoice WHERE subscription_id = '$bad_sub' AND status = 'DRAFT'")
recurrency() { # recurrency CODE: the bad subscription, its invoice and usage in CODE, in one statement (one FK check)
    sql -c "WITH s AS (UPDATE subscription SET currency = '$1' WHERE id = '$bad_sub' RETURNING id),
                 i AS (UPDATE invoice SET currency = '$1' WHERE subscription_id = '$bad_sub' RETURNING id)
            UPDATE usage_record SET currency = '$1' WHERE subscription_id = '$bad_sub'" >/dev/null
}
recurrency ABC
before=$(counter)
ASYNC=1 FINALIZER_EVERY=off inv_instance d
ASYNC=1 FINALIZER_EVERY=off inv_instance e
wait_instances d e
both_jobs() { # both instances' job at the same moment; prints the sum of what they finalized
    local d e
    curl -sf --max-time 120 -X POST -H "Authorization: Bearer $ops" "$(url d)/v1/jobs/invoice-finalization" \
        >"$FAULT_WORK/job-d.json" &
    d=$!
    curl -sf --max-time 120 -X POST -H "Authorization: Bearer $ops" "$(url e)/v1/jobs/invoice-finalization" \
        >"$FAULT_WORK/job-e.json" &
    e=$!
    wait "$d" || die "instance d's finalization job failed: $(cat "$FAULT_WORK/job-d.json")"
    wait "$e" || die "instance e's finalization job failed: $(cat "$FAULT_WORK/job-e.json")"
    echo $(($(jq -r .finalized "$FAULT_WORK/job-d.json") + $(jq -r .finalized "$FAULT_WORK/job-e.json")))
}
first=$(both_jobs)
second=$(both_jobs)
entries=$(sql -c "SELECT count(*) FROM job_set_aside WHERE job = 'invoice-finalization' AND row_id = '$bad'")
reason=$(sql -c "SELECT reason FROM job_set_aside WHERE row_id = '$bad' AND retried_at IS NULL")
counted() { # the set-aside counter of invoice finalization on one instance's /q/metrics
    curl -sf "http://127.0.0.1:${SERVICE_MANAGEMENT_PORTS[$1]}/q/metrics" |
        awk -F' ' '/^subupgrade_job_rows_set_aside_total\{.*job="invoice-finalization"/ { printf "%d", $2 }'
}
counted_total=$(($(counted d) + $(counted e)))
listed=$(curl -sf -H "Authorization: Bearer $ops" "$(url d)/v1/jobs/set-aside?job=invoice-finalization" |
    jq -r --arg bad "$bad" '[.data[] | select(.rowId == $bad)] | length')
still_draft=$(sql -c "SELECT status FROM invoice WHERE id = '$bad'")
after_set_aside=$(counter)
check_consistency "invoices with one set aside" "$INVOICE_SQL"
set_aside_violations=$VIOLATIONS
# The operator corrects the currency and sends the row back; the other instance finalizes it.
recurrency USD
entry=$(sql -c "SELECT id FROM job_set_aside WHERE row_id = '$bad' AND retried_at IS NULL")
curl -sf -X POST -H "Authorization: Bearer $ops" "$(url d)/v1/jobs/set-aside/$entry/retry" >/dev/null \
    || die "the retry of set-aside entry $entry failed"
retried=$(curl -sf --max-time 120 -X POST -H "Authorization: Bearer $ops" "$(url e)/v1/jobs/invoice-finalization" | jq -r .finalized)
bad_number=$(sql -c "SELECT number_sequence FROM invoice WHERE id = '$bad' AND status = 'FINALIZED'")
stop_instance d
stop_instance e
finalized=$(finalized_count)
last=$(counter)
check_consistency "invoices after the retry" "$INVOICE_SQL"
result=PASS
((first + second == M - 1 && entries == 1 && counted_total == 1 && listed == 1 && after_set_aside == before + M - 1 \
    && set_aside_violations == 0 && retried == 1 && bad_number == before + M && last == before + M \
    && finalized == last && VIOLATIONS == 0)) && [[ $still_draft == DRAFT ]] || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "invoices: one bad row, two instances at once" "$result" \
    "$M due invoices, one in currency ABC; two instances' jobs at once, twice: $first + $second finalized," \
    "the bad one $still_draft, set aside $entries time(s) (\"$reason\"), counted $counted_total across both instances," \
    "listed $listed time(s) at GET /v1/jobs/set-aside; numbers gapless up to $after_set_aside; corrected, retried:" \
    "finalized once ($retried) as number $bad_number; $finalized FINALIZED, numbers 1..$last; $VIOLATIONS inconsistencies"
[[ $overall == PASS ]]

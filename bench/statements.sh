#!/usr/bin/env bash
# Where a pgbench script's time goes, statement by statement (issue 30's analysis; bench/results/*-analysis.md):
#
#   bench/statements.sh SCRIPT SECONDS CLIENTS [pgbench -D options...]
#
# runs bench/pgbench/SCRIPT with pgbench against PGDATABASE (a database bench/run.sh left behind with BENCH_KEEP_DB=1)
# and prints pg_stat_statements for that run: each statement's share of the execution time, its time and buffers per
# call, and its WAL. Statements of triggers and functions are counted on their own lines (track = all), and inside
# the statement that fired them. Needs a cluster started with shared_preload_libraries = 'pg_stat_statements' (the
# shared development cluster is not: start a private one, docs/benchmark.md). Relative figures only on a shared machine.
set -euo pipefail
script=$1 secs=$2 clients=$3
shift 3
psql -X -q -A -t -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
psql -X -q -A -t -c "SET pg_stat_statements.track = 'all'" -c "SELECT pg_stat_statements_reset()" >/dev/null
pgbench -n -M prepared -c "$clients" -j 2 -T "$secs" "$@" -f "$(dirname "$0")/pgbench/$script" | grep -E '^(tps|latency)'
psql -X -q -P pager=off -c "
WITH s AS (SELECT * FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND query NOT LIKE '%pg_stat_statements%' AND query NOT IN ('BEGIN', 'END', 'COMMIT')),
     t AS (SELECT sum(total_exec_time) FILTER (WHERE toplevel) AS total FROM s)
SELECT CASE WHEN toplevel THEN '' ELSE '(nested) ' END || left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS statement,
       calls, round((100 * total_exec_time / t.total)::numeric, 1) AS pct,
       round((total_exec_time / calls)::numeric, 3) AS ms_per_call,
       round(shared_blks_hit::numeric / calls, 0) AS hit_per_call, round(shared_blks_read::numeric / calls, 1) AS read_per_call,
       round(shared_blks_dirtied::numeric / calls, 1) AS dirtied_per_call, round(wal_bytes::numeric / calls / 1024, 1) AS wal_kb_per_call
FROM s, t ORDER BY total_exec_time DESC LIMIT 25"

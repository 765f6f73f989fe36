#!/usr/bin/env bash
# Proves that a real Prometheus can scrape the packaged service's metrics (docs/operations.md "Metrics"): starts
# java -jar target/quarkus-app/quarkus-run.jar in prod mode (as examples/test-against-jar.sh does: a fresh database on
# the local PostgreSQL, the dev signing key, free ports), and Debian's Prometheus (installed when missing; its own
# config, storage and port, not the package's service) scraping the management port's /q/metrics every second. Then
# it makes an upgrade request due (a Free Trial's credit used up, the finalizer off) and waits until Prometheus sees
# subupgrade_upgrade_requests_due >= 1. Prints the figures; stops both and drops the database on exit.
# Builds nothing: run `./mvnw package` (or verify) first. Needs java, psql, curl, jq, python3 (and root for apt-get).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

for tool in jq openssl; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
if ! command -v prometheus >/dev/null; then
    echo "Installing Debian's prometheus package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq prometheus >/dev/null || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; }
fi

source "$root/scripts/lib/packaged-service.sh"
prometheus_port=$(free_port)
work=$(mktemp -d -t prometheus-check.XXXXXX)
prometheus_pid=""

cleanup() {
    local rc=$?
    if [[ -n $prometheus_pid ]]; then
        kill "$prometheus_pid" 2>/dev/null || true
        for _ in $(seq 1 150); do kill -0 "$prometheus_pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$prometheus_pid" 2>/dev/null || true
    fi
    if ((rc != 0)); then
        service_logs prometheus_check 60
        echo "--- prometheus log (last 20 lines) ---" >&2
        tail -n 20 "$work/prometheus.log" >&2 2>/dev/null || true
    fi
    service_stop_all
    rm -rf "$work" || true
    exit "$rc"
}
trap cleanup EXIT

# The finalizer is off so the due request stays due; the backlog gauges are read every second.
SERVICE_LOG=$work/service.log service_start prometheus_check UPGRADES_FINALIZER_EVERY=off UPGRADES_METRICS_BACKLOG_EVERY=1s
base_url=$BASE_URL
management_port=${MANAGEMENT_URL##*:}
echo "Service ready: API at $base_url, management (/q/metrics) at $MANAGEMENT_URL"

cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: subupgrade
    metrics_path: /q/metrics
    static_configs:
      - targets: ["127.0.0.1:$management_port"]
EOF
echo "Starting Prometheus $(prometheus --version 2>&1 | head -n 1 | awk '{print $3}') on $prometheus_port"
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
api=http://127.0.0.1:$prometheus_port/api/v1

# query <PromQL>: the first result's value, or nothing when there is no result (yet).
query() { curl -fsS --get "$api/query" --data-urlencode "query=$1" 2>/dev/null | jq -r '.data.result[0].value[1] // empty' || true; }

started=$SECONDS
until [[ $(curl -fsS "$api/targets" 2>/dev/null | jq -r '.data.activeTargets[0].health // empty') == up ]]; do
    kill -0 "$prometheus_pid" 2>/dev/null || { echo "prometheus exited" >&2; exit 1; }
    ((SECONDS - started < 60)) || { echo "the target was not up within 60 s" >&2; curl -fsS "$api/targets" >&2 || true; exit 1; }
    sleep 0.2
done
echo "Target up after $((SECONDS - started)) s"
until [[ -n $(query subupgrade_upgrade_requests_due) ]]; do
    ((SECONDS - started < 60)) || { echo "no subupgrade_upgrade_requests_due in Prometheus" >&2; exit 1; }
    sleep 0.2
done
echo "subupgrade_upgrade_requests_due before: $(query subupgrade_upgrade_requests_due)"

# A due upgrade request: a Free Trial with an upgrade to Pay-As-You-Go pending, then 2100 h of D2s v3 (201.60 USD)
# use up its 200.00 USD of credit.
customer=$(scripts/dev-token.sh customer "prometheus-check-$RANDOM")
meter=$(scripts/dev-token.sh meter meter-pipeline)
subscription=$(curl -fsS -X POST "$base_url/v1/subscriptions" -H "Authorization: Bearer $customer" \
    -H 'Content-Type: application/json' -d '{"offerId": "MS-AZR-0044P", "displayName": "prometheus check"}' | jq -r .id)
curl -fsS -o /dev/null -X POST "$base_url/v1/subscriptions/$subscription/upgrade-requests" \
    -H "Authorization: Bearer $customer" -H 'Content-Type: application/json' \
    -d '{"targetOfferId": "MS-AZR-0003P", "confirm": true}'
curl -fsS -o /dev/null -X POST "$base_url/v1/subscriptions/$subscription/usage" -H "Authorization: Bearer $meter" \
    -H 'Content-Type: application/json' -d '{"eventId": "all-of-it", "meterId": "vm-d2s-v3-hour", "quantity": "2100"}'
made_due=$SECONDS

until [[ $(query 'subupgrade_upgrade_requests_due >= 1') != "" ]]; do
    ((SECONDS - made_due < 30)) || { echo "subupgrade_upgrade_requests_due did not reach 1 within 30 s" >&2; exit 1; }
    sleep 0.2
done
echo "subupgrade_upgrade_requests_due after the credit ran out: $(query subupgrade_upgrade_requests_due)" \
    "(seen by Prometheus within $((SECONDS - made_due)) s)"
created=$(query 'subupgrade_usage_records_total{status="created"}')
[[ $created == 1 ]] || { echo "subupgrade_usage_records_total{status=\"created\"} is '$created', not 1" >&2; exit 1; }
echo "subupgrade_usage_records_total{status=\"created\"}: $created"
echo "Samples per scrape: $(query 'scrape_samples_scraped{job="subupgrade"}')," \
    "scrape took $(query 'scrape_duration_seconds{job="subupgrade"}') s," \
    "http_server_requests series: $(query 'count(http_server_requests_seconds_count)')"
public=$(curl -s -o /dev/null -w '%{http_code}' "$base_url/q/metrics")
[[ $public == 404 ]] || { echo "the public port answered $public for /q/metrics, not 404" >&2; exit 1; }
echo "Public port /q/metrics: 404. prometheus-check: OK"

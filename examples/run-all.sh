#!/usr/bin/env bash
# Runs the examples in order against BASE_URL and checks what they print: exits non-zero when a step
# fails or an expected line is missing, so the walkthrough cannot silently rot.
#
#   BASE_URL=http://localhost:8080 examples/run-all.sh
#
# Needs a service with the sandbox clock on (upgrades.sandbox.enabled=true, the dev-mode default) that
# accepts the dev tokens (dev-keys/public-key.pem, issuer https://dev.subupgrade.local). Step 07 moves
# that service's business clock 30 days forward.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

export BASE_URL=${BASE_URL:-http://localhost:8080}
# A state file of its own, so a run never mixes with a hand-run walkthrough.
export STATE_FILE=${STATE_FILE:-$(mktemp -t subupgrade-examples.XXXXXX)}
unset ACCOUNT

failures=0
output=""

run() {
    local script=$1
    echo
    echo "##### $script"
    if ! output=$("$dir/$script" 2>&1); then
        printf '%s\n' "$output"
        echo "FAILED: $script exited non-zero" >&2
        exit 1
    fi
    printf '%s\n' "$output"
}

# expect LINE: the last step printed exactly this line.
expect() {
    if grep -qxF -- "$1" <<<"$output"; then
        echo "  ok: $1"
    else
        echo "  MISSING: $1" >&2
        failures=$((failures + 1))
    fi
}

# expect_match REGEX: some line of the last step's output matches (extended regex).
expect_match() {
    if grep -qE -- "$1" <<<"$output"; then
        echo "  ok: /$1/"
    else
        echo "  MISSING: /$1/" >&2
        failures=$((failures + 1))
    fi
}

run 01-get-tokens.sh
expect_match '^account: alice-'

run 02-create-free-trial.sh
expect "offerId: MS-AZR-0044P"
expect "state: ACTIVE"
expect "spendingLimit: ON"

run 03-see-credit.sh
expect "creditRemaining: 200.00 USD"
expect_match '^grant: CREDIT 200\.00 USD, remaining 200\.00, ACTIVE, expires [0-9]{4}-'

run 04-preview-upgrade.sh
expect "eligible: true"
expect "targetOfferId: MS-AZR-0003P"
expect "completesImmediately: false"
expect "change: offerId MS-AZR-0044P -> MS-AZR-0003P"
expect "change: spendingLimit ON -> OFF"

run 05-confirm-upgrade.sh
expect "upgrade status: PENDING"

run 06-record-usage.sh
expect "cost: 96.00"
expect "coveredByCredit: 96.00"
expect "billable: 0.00"
expect "creditRemaining: 104.00"

run 07-advance-clock.sh
expect "clock advanced: P30D"

run 08-run-finalizer.sh
# 0 when the scheduler (upgrades.finalizer.every, 10 s) finalized it first, as it did under load in CI; step 09
# checks that the upgrade COMPLETED either way.
expect_match '"finalized":[0-9]+'

run 09-see-pay-as-you-go.sh
expect "upgrade status: COMPLETED"
expect "completionReason: TRIAL_ENDED"
expect "offerId: MS-AZR-0003P"
expect "state: ACTIVE"
expect "spendingLimit: OFF"
expect "event: upgrade.requested"
expect "event: upgrade.completed"

echo
if ((failures > 0)); then
    echo "examples: $failures expected line(s) missing" >&2
    exit 1
fi
echo "examples: all steps ran and printed what they should"

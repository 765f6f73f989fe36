# Sourced by every example: the base URL, the state the steps hand to each other, and small helpers.
#
#   BASE_URL    the service (default http://localhost:8080)
#   STATE_FILE  where the steps remember tokens and ids (default examples/.state; 01 starts it afresh)
#   ACCOUNT     the customer account (01 picks a new one per run: an account gets one Free Trial, ever)
set -euo pipefail

BASE_URL=${BASE_URL:-http://localhost:8080}
EXAMPLES_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(cd "$EXAMPLES_DIR/.." && pwd)
STATE_FILE=${STATE_FILE:-$EXAMPLES_DIR/.state}

command -v curl >/dev/null || { echo "curl is needed" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install -y jq, brew install jq)" >&2; exit 1; }

# 01-get-tokens.sh starts a new story (FRESH_STATE=1) and must not pick up the last one's account.
if [[ -z ${FRESH_STATE:-} && -f $STATE_FILE ]]; then
    # shellcheck disable=SC1090
    source "$STATE_FILE"
fi

# remember NAME VALUE: keeps VALUE for the next steps.
remember() {
    printf -v "$1" '%s' "$2"
    printf '%s=%q\n' "$1" "$2" >>"$STATE_FILE"
}

# need NAME...: fails with a hint when an earlier step has not run.
need() {
    local name
    for name in "$@"; do
        [[ -n ${!name:-} ]] || { echo "$name is not set: run the earlier examples first (see examples/run-all.sh)" >&2; exit 1; }
    done
}

# A fresh Idempotency-Key for a POST: a retry with the same key never does the work twice.
new_key() {
    if [[ -r /proc/sys/kernel/random/uuid ]]; then cat /proc/sys/kernel/random/uuid; else uuidgen; fi
}

# curl with the options every example uses: an HTTP error fails the step and shows its problem+json body.
api() {
    local body rc=0
    body=$(curl --silent --show-error --fail-with-body -H 'Accept: application/json' "$@") || rc=$?
    if ((rc != 0)); then
        printf '%s\n' "$body" >&2
        return "$rc"
    fi
    printf '%s\n' "$body"
}

step() { printf '\n=== %s\n' "$*"; }

#!/usr/bin/env bash
# Prints a development JWT (RS256) signed with dev-keys/private-key.pem.
#
#   scripts/dev-token.sh <role[,role...]> <account> [ttl-seconds]
#   scripts/dev-token.sh customer acct-42
#   scripts/dev-token.sh customer,operator ops-1 600
#   curl -H "Authorization: Bearer $(scripts/dev-token.sh customer acct-42)" ...
#
# Claims: iss=https://dev.subupgrade.local (the dev/test issuer), sub=upn=<account>, groups=[roles], iat, exp.
# Override the key or issuer with DEV_TOKEN_KEY / DEV_TOKEN_ISSUER. Needs only bash, openssl, base64 utils.
set -euo pipefail

usage() {
    echo "usage: $0 <role[,role...]> <account> [ttl-seconds]" >&2
    exit 2
}

[[ $# -ge 2 && $# -le 3 ]] || usage
roles=$1
account=$2
ttl=${3:-3600}
[[ -n $roles && -n $account ]] || usage
[[ $ttl =~ ^[0-9]+$ && $ttl -gt 0 ]] || { echo "ttl-seconds must be a positive integer: $ttl" >&2; exit 2; }

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
key=${DEV_TOKEN_KEY:-$root/dev-keys/private-key.pem}
issuer=${DEV_TOKEN_ISSUER:-https://dev.subupgrade.local}
[[ -r $key ]] || { echo "private key not readable: $key" >&2; exit 1; }

# JSON string literal (escapes backslash, quote and control characters).
json_string() {
    local s=$1 out="" c i code
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            '"') out+='\"' ;;
            '\') out+='\\' ;;
            *)
                printf -v code '%d' "'$c"
                if ((code >= 0 && code < 32)); then
                    printf -v c '\\u%04x' "$code"
                fi
                out+=$c
                ;;
        esac
    done
    printf '"%s"' "$out"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

groups=""
IFS=',' read -r -a role_list <<<"$roles"
for role in "${role_list[@]}"; do
    role=${role//[[:space:]]/}
    [[ -n $role ]] || continue
    groups+=${groups:+,}$(json_string "$role")
done
[[ -n $groups ]] || usage

now=$(date +%s)
exp=$((now + ttl))

header='{"alg":"RS256","typ":"JWT"}'
payload="{\"iss\":$(json_string "$issuer"),\"sub\":$(json_string "$account"),\"upn\":$(json_string "$account"),\"groups\":[$groups],\"iat\":$now,\"exp\":$exp}"

signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s\n' "$signing_input" "$signature"

#!/usr/bin/env bash
# Dev tokens (RS256, signed with dev-keys/private-key.pem) for a customer, the metering pipeline and an operator.
FRESH_STATE=1 source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

: >"$STATE_FILE"
remember ACCOUNT "${ACCOUNT:-alice-$(date +%s)-$RANDOM}"
remember CUSTOMER_TOKEN "$("$ROOT_DIR/scripts/dev-token.sh" customer "$ACCOUNT")"
remember METER_TOKEN "$("$ROOT_DIR/scripts/dev-token.sh" meter metering-pipeline)"
remember OPERATOR_TOKEN "$("$ROOT_DIR/scripts/dev-token.sh" operator ops-examples)"

step "Tokens for customer $ACCOUNT, the meter and an operator (kept in $STATE_FILE)"
echo "account: $ACCOUNT"

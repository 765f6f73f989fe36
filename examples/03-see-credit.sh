#!/usr/bin/env bash
# The subscription and its credit grant: 200.00 USD, expiring when the trial ends.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need CUSTOMER_TOKEN SUBSCRIPTION_ID

step "GET /v1/subscriptions/$SUBSCRIPTION_ID"
api "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '"creditRemaining: \(.creditRemaining.amount) \(.creditRemaining.currency)", "trialEndsAt: \(.trialEndsAt)"'

step "GET /v1/subscriptions/$SUBSCRIPTION_ID/benefits"
api "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID/benefits" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '.data[] | "grant: \(.kind) \(.original.amount) \(.original.currency), remaining \(.remaining.amount), \(.status), expires \(.expiresAt)"'

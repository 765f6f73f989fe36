#!/usr/bin/env bash
# The TypeScript package as a user gets it, against a running service: `npm pack` (which builds dist/ with its
# types), `npm install` of that tarball into an empty project, then a Node script and a type-checked TypeScript
# file that import "@subupgrade/client" and drive the service at BASE_URL (sign-up, preview, confirm, a problem).
#
#   BASE_URL=http://127.0.0.1:8080 clients/typescript/test-package.sh
#
# Needs a service with the dev signing key (dev or test-against-jar.sh): tokens come from scripts/dev-token.sh.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${BASE_URL:?set BASE_URL to the service}"
work=$(mktemp -d -t subupgrade-ts.XXXXXX)
trap 'rm -rf "$work"' EXIT

cd "$here"
# npm ci wipes node_modules and installs again: only when it is not already installed from this package-lock.json (in
# CI the client's check step has just run npm ci here).
[[ node_modules/.package-lock.json -nt package-lock.json ]] || npm ci --no-audit --no-fund --silent
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
echo "packed $tarball: $(tar -tzf "$work/$tarball" | sed 's|^package/||' | tr '\n' ' ')"
[[ $(tar -tzf "$work/$tarball") == *package/dist/index.d.ts* ]] || { echo "no types in the package" >&2; exit 1; }

cd "$work"
npm init -y >/dev/null
npm pkg set type=module >/dev/null
# typescript at the package's own pinned version, to type-check the user's file against the shipped .d.ts
ts_version=$(node -p "require('$here/package.json').devDependencies.typescript")
npm install --no-audit --no-fund --silent "./$tarball" "typescript@$ts_version"

cat >use.ts <<'TS'
import { ApiError, createUpgradeClient, idempotencyKey, unwrap, type Subscription } from "@subupgrade/client";

const baseUrl = process.env.BASE_URL!;
const customer = createUpgradeClient({ baseUrl, token: () => process.env.CUSTOMER_TOKEN! });

const key = idempotencyKey();
const created: Subscription = unwrap(
  await customer.POST("/v1/subscriptions", {
    params: { header: { "Idempotency-Key": key } },
    body: { offerId: "MS-AZR-0044P", displayName: "From the npm package" },
  }),
);
// The same key again: the same subscription (a replay), not a second one.
const replayed = unwrap(
  await customer.POST("/v1/subscriptions", {
    params: { header: { "Idempotency-Key": key } },
    body: { offerId: "MS-AZR-0044P", displayName: "From the npm package" },
  }),
);
if (replayed.id !== created.id) throw new Error(`replay gave ${replayed.id}, not ${created.id}`);

const preview = unwrap(
  await customer.GET("/v1/subscriptions/{subscriptionId}/upgrade-preview", {
    params: { path: { subscriptionId: created.id }, query: { targetOfferId: "MS-AZR-0003P" } },
  }),
);
if (!preview.eligible || preview.creditRemaining?.amount !== "200.00") throw new Error(JSON.stringify(preview));

const request = unwrap(
  await customer.POST("/v1/subscriptions/{subscriptionId}/upgrade-requests", {
    params: { path: { subscriptionId: created.id }, header: { "Idempotency-Key": idempotencyKey() } },
    body: { targetOfferId: "MS-AZR-0003P", confirm: true },
  }),
);
if (request.status !== "PENDING") throw new Error(`expected PENDING, got ${request.status}`);

// A refusal arrives as an ApiError carrying the problem document.
try {
  unwrap(await customer.GET("/v1/subscriptions/{subscriptionId}", {
    params: { path: { subscriptionId: "01900000-0000-7000-8000-000000000000" } },
  }));
  throw new Error("expected a 404");
} catch (e) {
  if (!(e instanceof ApiError) || e.status !== 404 || e.problem?.code !== "not-found") throw e;
}
console.log(`npm package: subscription ${created.id} (replayed with its key), preview eligible, request ${request.id} PENDING, 404 not-found as ApiError`);
TS
cat >tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true,
  "types": [], "lib": ["ES2022", "DOM"], "outDir": "out" }, "files": ["use.ts", "env.d.ts"] }
JSON
echo 'declare const process: { env: Record<string, string | undefined> };' >env.d.ts
npx --no-install tsc -p tsconfig.json
CUSTOMER_TOKEN=$("$root/scripts/dev-token.sh" customer "npm-$RANDOM-$RANDOM") BASE_URL=$BASE_URL node out/use.js

// The portal's upgrade flow, written against the typed client:
// sign up for a Free Trial, preview the upgrade, confirm it, then follow the request
// until it completes (the service finalizes it once the trial's benefits are used up).
//
// Type-checked by `npm run check`. To run it against a service (Node 20+):
//   npm run build && BASE_URL=http://localhost:8080 TOKEN=$(../../scripts/dev-token.sh customer alice) node dist/upgrade-flow.js
import {
  createUpgradeClient,
  idempotencyKey,
  unwrap,
  type UpgradeClient,
  type UpgradeRequest,
} from "./client.js";

const FREE_TRIAL = "MS-AZR-0044P";
const PAY_AS_YOU_GO = "MS-AZR-0003P";

export async function upgradeFlow(api: UpgradeClient): Promise<UpgradeRequest> {
  // 1. Sign up for a Free Trial (USD 200 of credit for 30 days).
  const subscription = unwrap(
    await api.POST("/v1/subscriptions", {
      params: { header: { "Idempotency-Key": idempotencyKey() } },
      body: { offerId: FREE_TRIAL, displayName: "My free trial" },
    }),
  );
  console.log(`subscription ${subscription.id}: ${subscription.offerId}, credit ${subscription.creditRemaining?.amount}`);

  // 2. What would an upgrade do? (the portal's "Upgrade now" banner and confirmation step)
  const preview = unwrap(
    await api.GET("/v1/subscriptions/{subscriptionId}/upgrade-preview", {
      params: { path: { subscriptionId: subscription.id }, query: { targetOfferId: PAY_AS_YOU_GO } },
    }),
  );
  if (!preview.eligible) {
    throw new Error(`not eligible: ${preview.reasons.map((r) => r.code).join(", ")}`);
  }
  for (const change of preview.changes) {
    console.log(`  ${change.field}: ${change.from} -> ${change.to}`);
  }
  console.log(`expected effective at ${preview.expectedEffectiveAt ?? "(when the credit runs out)"}`);

  // 3. Confirm. The same Idempotency-Key makes a retry after a network failure safe.
  const key = idempotencyKey();
  let request = unwrap(
    await api.POST("/v1/subscriptions/{subscriptionId}/upgrade-requests", {
      params: { path: { subscriptionId: subscription.id }, header: { "Idempotency-Key": key } },
      body: { targetOfferId: preview.targetOfferId ?? PAY_AS_YOU_GO, confirm: true },
    }),
  );
  console.log(`upgrade request ${request.id}: ${request.status}`);

  // 4. Follow the request until it is no longer PENDING.
  const deadline = Date.now() + Number(process.env.POLL_SECONDS ?? "30") * 1000;
  while (request.status === "PENDING" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    request = unwrap(
      await api.GET("/v1/upgrade-requests/{requestId}", { params: { path: { requestId: request.id } } }),
    );
  }
  console.log(`upgrade request ${request.id}: ${request.status} ${request.completionReason ?? ""}`);
  return request;
}

declare const process: { env: Record<string, string | undefined> };

const baseUrl = process.env.BASE_URL ?? "http://localhost:8080";
const token = process.env.TOKEN;
if (token) {
  await upgradeFlow(createUpgradeClient({ baseUrl, token: () => token }));
}

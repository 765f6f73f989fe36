// The package's entry point (@subupgrade/client): the typed client and the contract's types.
export { ApiError, createUpgradeClient, idempotencyKey, unwrap } from "./client.js";
export type { ClientOptions, Money, Problem, Schemas, Subscription, UpgradeClient, UpgradePreview, UpgradeRequest } from "./client.js";
export type { components, operations, paths } from "./schema.js";

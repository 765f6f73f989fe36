// A tiny typed client for the Subscription Upgrade Service.
//
// Paths, parameters, request bodies and responses are all typed from src/schema.ts,
// which `npm run generate` writes from the contract (../../openapi.yaml): a call that the
// contract does not allow does not compile.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type Schemas = components["schemas"];
export type Subscription = Schemas["Subscription"];
export type UpgradePreview = Schemas["UpgradePreview"];
export type UpgradeRequest = Schemas["UpgradeRequest"];
export type Problem = Schemas["Problem"];
export type Money = Schemas["Money"];

export interface ClientOptions {
  /** The service's base URL, e.g. http://localhost:8080 */
  baseUrl: string;
  /** Returns the bearer token (a JWT) to send; called before every request. */
  token: () => string | Promise<string>;
  /** Optional fetch implementation (tests, polyfills). */
  fetch?: typeof globalThis.fetch;
}

export type UpgradeClient = ReturnType<typeof createUpgradeClient>;

export function createUpgradeClient(options: ClientOptions) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const auth: Middleware = {
    async onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${await options.token()}`);
      return request;
    },
  };
  client.use(auth);
  return client;
}

/** A new Idempotency-Key: retrying a POST with the same key never does the work twice. */
export function idempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** Thrown for an error response; carries the RFC 9457 problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(problem ? `${status} ${problem.code}: ${problem.detail ?? problem.title}` : `HTTP ${status}`);
    this.name = "ApiError";
  }
}

/** Unwraps an openapi-fetch result: the typed body on success, an ApiError otherwise. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data !== undefined && result.response.ok) {
    return result.data;
  }
  throw new ApiError(result.response.status, result.error as Problem | undefined);
}

import type { ErrorCode } from "../errors.js";

/** The kinds of failure a connector reports; the sync engine decides retries and statuses from them. */
export type PluginErrorKind = "auth_failed" | "rate_limited" | "transient" | "invalid_config" | "bad_upstream_data";

/** Base of the connector error family: a plain Error with a `kind`, and a message that says what to do. */
export class PluginError extends Error {
  /** What went wrong, for retry decisions and the run's error code. */
  readonly kind: PluginErrorKind = "transient";
  /** HTTP status of the upstream response, when there was one. */
  readonly status?: number;
  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }
}

const withHint = (message: string, hint: string) => (message.includes(hint) ? message : `${message.replace(/\.?\s*$/, ".")} ${hint}`);

/** Credentials were rejected or expired. Never retried: the connection must be re-authorized. */
export class AuthFailed extends PluginError {
  override readonly kind = "auth_failed" as const;
  override name = "AuthFailed";
  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(withHint(message, "Re-authorize the connection: update its credentials, then run testConnection."), options);
  }
}

/** The platform throttled us; `retryAfterMs` says how long to wait when the platform said so. */
export class RateLimited extends PluginError {
  override readonly kind = "rate_limited" as const;
  override name = "RateLimited";
  /** Milliseconds to wait before trying again, when known. */
  readonly retryAfterMs?: number;
  constructor(message: string, options?: { status?: number; retryAfterMs?: number; cause?: unknown }) {
    const hint =
      options?.retryAfterMs !== undefined
        ? `Retry after ${Math.ceil(options.retryAfterMs / 1000)}s (${new Date(Date.now() + options.retryAfterMs).toISOString()}).`
        : "Retry later, or sync a smaller window.";
    super(withHint(message, hint), options);
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A temporary failure (5xx, timeout, reset connection, truncated body); retried with backoff. */
export class Transient extends PluginError {
  override readonly kind = "transient" as const;
  override name = "Transient";
  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(withHint(message, "This is usually temporary: run the sync again later."), options);
  }
}

/** The connection's config is wrong (unknown account, missing permission, bad field); the user must fix it. */
export class InvalidConfig extends PluginError {
  override readonly kind = "invalid_config" as const;
  override name = "InvalidConfig";
  /** The config field to fix, when known. */
  readonly field?: string;
  constructor(message: string, options?: { status?: number; field?: string; cause?: unknown }) {
    super(withHint(message, "Fix the connection's configuration, then run testConnection."), options);
    this.field = options?.field;
  }
}

/** The platform returned data we cannot understand (schema change, missing field). Not retried. */
export class BadUpstreamData extends PluginError {
  override readonly kind = "bad_upstream_data" as const;
  override name = "BadUpstreamData";
  constructor(message: string, options?: { status?: number; cause?: unknown }) {
    super(withHint(message, "The platform's response did not match what the connector expects; report it with the run id."), options);
  }
}

/** Whether an error is one of the connector family. */
export const isPluginError = (e: unknown): e is PluginError => e instanceof PluginError;

/** Whether retrying the same request may succeed (rate limits and transient failures). */
export const isRetryable = (e: unknown): boolean => isPluginError(e) && (e.kind === "transient" || e.kind === "rate_limited");

/** The GraphQL error code a connector failure maps to (DESIGN.md §5). */
export function errorCodeOf(e: unknown): ErrorCode {
  if (!isPluginError(e)) return "INTERNAL_SERVER_ERROR";
  switch (e.kind) {
    case "rate_limited": return "RATE_LIMITED";
    case "invalid_config": return "BAD_USER_INPUT";
    default: return "UPSTREAM_ERROR";
  }
}

import type { Response } from "express";
import { GraphQLError } from "graphql";
import type { App } from "../app.js";
import { AppError } from "../errors.js";
import { logUnexpected } from "../logger.js";
import { redact } from "../redact.js";
import { INTERNAL_MESSAGE } from "./errors.js";

/** The code a REST route answers for an error: AppError and GraphQL errors carry theirs; anything else is internal. */
export function restCodeOf(err: unknown): string {
  if (err instanceof AppError) return err.code;
  if (err instanceof GraphQLError && err.extensions.code) return String(err.extensions.code);
  return "INTERNAL_SERVER_ERROR";
}

/**
 * Answer a REST route's error as `{errors: [{message, extensions: {code, …}}]}`, as GraphQL does. Errors meant for the
 * caller keep their message (`statusOf` picks their status); RATE_LIMITED is 429 with Retry-After and `retryAfter`; anything
 * unexpected is logged with a request id and answered 500 with INTERNAL_MESSAGE and that id, never its own text (SQL, paths).
 */
export function sendRestError(app: App, res: Response, err: unknown, statusOf: (code: string) => number, extensions: Record<string, unknown> = {}): void {
  const code = restCodeOf(err);
  if (code === "INTERNAL_SERVER_ERROR") {
    const requestId = logUnexpected(app.logger, err, "REST request failed", { route: `${res.req.method} ${res.req.baseUrl}${res.req.path}` });
    res.status(500).json({ errors: [{ message: INTERNAL_MESSAGE, extensions: { code, requestId } }] });
    return;
  }
  if (code === "RATE_LIMITED" && err instanceof GraphQLError) {
    const retryAfter = Number(err.extensions.retryAfter);
    res.status(429).setHeader("retry-after", String(retryAfter));
    res.json({ errors: [{ message: err.message, extensions: { code, retryAfter } }] });
    return;
  }
  res.status(statusOf(code)).json({ errors: [{ message: redact((err as Error).message), extensions: { code, ...extensions } }] });
}

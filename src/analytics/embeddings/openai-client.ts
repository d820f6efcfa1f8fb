import OpenAI from "openai";
import { AppError } from "../../errors.js";

/** How to reach OpenAI (or a stand-in speaking its API). */
export interface OpenAiOptions {
  /** Secret key; never logged or echoed. */
  apiKey: string;
  /** API base URL override (proxies, tests). */
  baseURL?: string;
  /** Retries on 429/5xx/connection errors; the SDK honours Retry-After. */
  maxRetries?: number;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
}

export const createOpenAiClient = (o: OpenAiOptions) =>
  new OpenAI({ apiKey: o.apiKey, baseURL: o.baseURL, maxRetries: o.maxRetries ?? 3, timeout: o.timeoutMs ?? 30_000 });

/** Map an OpenAI SDK error to an AppError that names the fix and carries no secret. */
export function openAiError(err: unknown, what: string): AppError {
  if (err instanceof OpenAI.RateLimitError) {
    return new AppError("RATE_LIMITED", `OpenAI rate-limited ${what} and retries ran out; try again shortly or raise your OpenAI rate limit.`);
  }
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new AppError("UPSTREAM_ERROR", `OpenAI rejected the API key during ${what}; check OPENAI_API_KEY.`);
  }
  if (err instanceof OpenAI.APIConnectionError) {
    return new AppError("UPSTREAM_ERROR", `Could not reach OpenAI for ${what}; check OPENAI_BASE_URL and the network.`);
  }
  if (err instanceof OpenAI.APIError) {
    return new AppError("UPSTREAM_ERROR", `OpenAI failed ${what} with HTTP ${err.status ?? "error"}; try again later.`);
  }
  return new AppError("UPSTREAM_ERROR", `OpenAI failed ${what}.`);
}

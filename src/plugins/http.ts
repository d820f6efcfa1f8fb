import { AuthFailed, InvalidConfig, PluginError, RateLimited, Transient, isRetryable } from "./errors.js";
import { OutboundBlocked, outboundBlockedCause, outboundFetch } from "./outbound.js";
import type { PluginContext } from "./types.js";

/** One upstream response as the hooks see it: status, headers, body text and the parsed JSON. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  /** Method and path (never the query string, which may hold a token), for messages. */
  target: string;
  text: string;
  /** The parsed body; undefined when empty or not JSON. */
  json: unknown;
  /** Set when the body was not empty but did not parse as JSON. */
  jsonError?: Error;
}

/** What `classify` decides: "ok" to accept, an error to throw or retry, undefined for the default rules. */
export type Verdict = "ok" | PluginError | undefined;

export interface HttpClientOptions {
  /** Platform name for messages, e.g. "Meta Ads". */
  name: string;
  /** Base URL that relative paths resolve against (each plugin's config can override it). */
  baseUrl: string;
  /** Headers on every request; a function is called per attempt (fresh tokens). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  /** Per-attempt timeout, body included; default 30 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for retryable failures; default 5. */
  retries?: number;
  /** Exponential backoff: base delay doubling per attempt, capped at maxMs; defaults 500 ms / 60 s. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Platform rules applied before the defaults (error codes in 200 bodies, usage headers, retry delays). */
  classify?: (res: HttpResponse) => Verdict;
  /** Called for every response, errors included (e.g. to record usage headers). */
  onResponse?: (res: HttpResponse) => void;
}

export interface RequestOptions {
  method?: string;
  /** Query parameters; arrays repeat the key, undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined | readonly (string | number)[]>;
  /** JSON body. */
  body?: unknown;
  /** URL-encoded form body (OAuth token endpoints). */
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface HttpResult<T> {
  status: number;
  headers: Headers;
  data: T;
}

export interface HttpClient {
  /** Send a request with retries; resolves with the accepted response or throws a PluginError. */
  request<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResult<T>>;
  /** GET and return the parsed body. */
  get<T = unknown>(path: string, query?: RequestOptions["query"]): Promise<T>;
  /** POST a JSON body and return the parsed body. */
  post<T = unknown>(path: string, body: unknown, query?: RequestOptions["query"]): Promise<T>;
}

/** Milliseconds from a Retry-After header (seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Exponential backoff with equal jitter: half the capped delay plus a random half. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const capped = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(capped / 2 + random() * (capped / 2));
}

/** The default rules: 2xx ok (unless the JSON is truncated), 401/403 auth, 429 throttled, 408/425/5xx transient, other 4xx config. */
export function defaultVerdict(name: string, res: HttpResponse): "ok" | PluginError {
  const { status, target } = res;
  if (status >= 200 && status < 300) {
    return res.jsonError ? new Transient(`${name} returned truncated or invalid JSON for ${target}`, { status }) : "ok";
  }
  const detail = upstreamMessage(res);
  if (status === 401 || status === 403) return new AuthFailed(`${name} rejected the credentials for ${target} (HTTP ${status}${detail})`, { status });
  if (status === 429) {
    return new RateLimited(`${name} is throttling requests (HTTP 429${detail})`, { status, retryAfterMs: parseRetryAfter(res.headers.get("retry-after")) });
  }
  if (status === 408 || status === 425 || status >= 500) return new Transient(`${name} failed on ${target} (HTTP ${status}${detail})`, { status });
  return new InvalidConfig(`${name} refused ${target} (HTTP ${status}${detail})`, { status });
}

/** A short upstream error message, if the body has one; never the request itself. */
function upstreamMessage(res: HttpResponse): string {
  const j = res.json as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  const msg = typeof j?.error === "object" ? j.error.message : (j?.error ?? j?.message);
  return typeof msg === "string" && msg ? `: ${msg.slice(0, 200)}` : "";
}

/** An abortable sleep; rejects with the signal's reason when cancelled. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(abortError(signal!)); };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The error a cancelled call rejects with. */
export function abortError(signal: AbortSignal): Error {
  if (signal.reason instanceof Error && signal.reason.name !== "TimeoutError") return signal.reason;
  const e = new Error("The sync was cancelled.");
  e.name = "AbortError";
  return e;
}

function buildUrl(baseUrl: string, path: string, query: RequestOptions["query"]): URL {
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ""), baseUrl.endsWith("/") ? baseUrl : `${baseUrl}/`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
    else url.searchParams.set(k, String(v));
  }
  return url;
}

/** An HTTP client on Node's fetch with timeouts, retries, backoff, Retry-After and the plugin's hooks. */
export function createHttpClient(options: HttpClientOptions, ctx: PluginContext): HttpClient {
  const { name, timeoutMs = 30_000, retries = 5 } = options;
  const baseMs = options.backoff?.baseMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 60_000;

  async function attempt(url: URL, method: string, init: RequestOptions): Promise<HttpResponse | PluginError> {
    const target = `${method} ${url.pathname}`;
    const defaults = typeof options.headers === "function" ? await options.headers() : (options.headers ?? {});
    const headers: Record<string, string> = { accept: "application/json", ...defaults, ...init.headers };
    let body: string | undefined;
    if (init.form) { body = new URLSearchParams(init.form).toString(); headers["content-type"] = "application/x-www-form-urlencoded"; }
    else if (init.body !== undefined) { body = JSON.stringify(init.body); headers["content-type"] ??= "application/json"; }
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
    try {
      const r = await outboundFetch(url, { method, headers, body, signal });
      const text = await r.text();
      let json: unknown;
      let jsonError: Error | undefined;
      if (text.trim()) { try { json = JSON.parse(text); } catch (e) { jsonError = e as Error; } }
      return { status: r.status, headers: r.headers as unknown as Headers, target, text, json, jsonError };
    } catch (e) {
      if (ctx.signal.aborted) throw abortError(ctx.signal);
      const blocked = e instanceof OutboundBlocked ? e : outboundBlockedCause(e);
      if (blocked) return new InvalidConfig(`${name} cannot be reached: ${blocked.message}`, { field: "baseUrl", cause: e });
      const timedOut = (e as Error).name === "TimeoutError";
      return new Transient(timedOut ? `${name} did not answer ${target} within ${timeoutMs} ms` : `${name} connection failed on ${target} (${(e as Error).message})`, { cause: e });
    }
  }

  async function request<T>(path: string, init: RequestOptions = {}): Promise<HttpResult<T>> {
    const method = (init.method ?? (init.body !== undefined || init.form ? "POST" : "GET")).toUpperCase();
    const url = buildUrl(options.baseUrl, path, init.query);
    for (let n = 0; ; n++) {
      if (ctx.signal.aborted) throw abortError(ctx.signal);
      const res = await attempt(url, method, init);
      let error: PluginError;
      let retryAfterMs: number | undefined;
      if (res instanceof InvalidConfig) throw res;
      if (res instanceof PluginError) error = res;
      else {
        options.onResponse?.(res);
        const verdict = options.classify?.(res) ?? defaultVerdict(name, res);
        if (verdict === "ok") return { status: res.status, headers: res.headers, data: res.json as T };
        error = verdict;
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"));
      }
      if (error instanceof RateLimited && error.retryAfterMs !== undefined) retryAfterMs = error.retryAfterMs;
      if (!isRetryable(error) || n >= retries) throw error;
      const waitMs = retryAfterMs ?? backoffDelay(n, baseMs, maxMs);
      if (ctx.maxWaitMs !== undefined && waitMs > ctx.maxWaitMs) {
        throw new RateLimited(`${name} asked to wait ${Math.ceil(waitMs / 1000)}s, longer than this run allows (${Math.ceil(ctx.maxWaitMs / 1000)}s)`, { status: error.status, retryAfterMs: waitMs });
      }
      const reason = error.message.split(". ")[0]!;
      if (error instanceof RateLimited) ctx.onRateLimit?.({ reason, waitMs });
      ctx.logger.warn({ waitMs, attempt: n + 1, status: error.status }, `${reason}; retrying in ${waitMs} ms`);
      await sleep(waitMs, ctx.signal);
    }
  }

  return {
    request,
    get: async <T>(path: string, query?: RequestOptions["query"]) => (await request<T>(path, { query })).data,
    post: async <T>(path: string, body: unknown, query?: RequestOptions["query"]) => (await request<T>(path, { method: "POST", body, query })).data,
  };
}

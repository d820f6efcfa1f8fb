import { afterEach, describe, expect, it } from "vitest";
import { pino } from "pino";
import { createHttpClient, parseRetryAfter, backoffDelay, type HttpClientOptions } from "../../../src/plugins/http.js";
import { AuthFailed, InvalidConfig, RateLimited, Transient } from "../../../src/plugins/errors.js";
import type { PluginContext } from "../../../src/plugins/types.js";
import { startStubServer, type Reply } from "./stub-server.js";

let stub: Awaited<ReturnType<typeof startStubServer>> | undefined;
afterEach(async () => { await stub?.close(); stub = undefined; });

const waits: { reason: string; waitMs: number }[] = [];
function ctxOf(over: Partial<PluginContext> = {}): PluginContext {
  waits.length = 0;
  return { logger: pino({ level: "silent" }), signal: new AbortController().signal, now: () => new Date(), onRateLimit: (w) => waits.push(w), ...over };
}
async function clientFor(replies: Reply[], opts: Partial<HttpClientOptions> = {}, ctx = ctxOf()) {
  stub = await startStubServer(replies);
  return createHttpClient({ name: "Acme", baseUrl: `${stub.url}/v1`, backoff: { baseMs: 5, maxMs: 20 }, ...opts }, ctx);
}

describe("createHttpClient", () => {
  it("resolves paths against the base URL, sends default headers and query arrays", async () => {
    const http = await clientFor([{ body: { ok: 1 } }], { headers: { authorization: "Bearer t" } });
    expect(await http.get("/things", { fields: ["a", "b"], limit: 5, skip: undefined })).toEqual({ ok: 1 });
    expect(stub!.seen[0]!.url).toBe("/v1/things?fields=a&fields=b&limit=5");
    expect(stub!.seen[0]!.headers.authorization).toBe("Bearer t");
  });

  it("retries a 503 and returns the later success", async () => {
    const http = await clientFor([{ status: 503 }, { status: 502 }, { body: { n: 3 } }]);
    expect(await http.get("x")).toEqual({ n: 3 });
    expect(stub!.seen).toHaveLength(3);
  });

  it("honours Retry-After on 429 and reports the wait through onRateLimit", async () => {
    const http = await clientFor([{ status: 429, headers: { "retry-after": "1" }, body: { error: { message: "slow down" } } }, { body: [] }]);
    await http.get("x");
    expect(waits).toEqual([{ reason: "Acme is throttling requests (HTTP 429: slow down)", waitMs: 1000 }]);
    expect(stub!.seen[1]!.at - stub!.seen[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it("never retries a 401 and says to re-authorize", async () => {
    const http = await clientFor([{ status: 401, body: { error: "invalid token" } }]);
    const err = await http.get("x").then(() => undefined as any, (e: any) => e);
    expect(err).toBeInstanceOf(AuthFailed);
    expect(err.kind).toBe("auth_failed");
    expect(err.message).toBe("Acme rejected the credentials for GET /v1/x (HTTP 401: invalid token). Re-authorize the connection: update its credentials, then run testConnection.");
    expect(stub!.seen).toHaveLength(1);
  });

  it("maps other 4xx to InvalidConfig without retrying", async () => {
    const http = await clientFor([{ status: 400, body: { message: "unknown account" } }]);
    await expect(http.get("x")).rejects.toBeInstanceOf(InvalidConfig);
    expect(stub!.seen).toHaveLength(1);
  });

  it("gives up after `retries` attempts with the last Transient error", async () => {
    const http = await clientFor([{ status: 500 }], { retries: 2 });
    const err = await http.get("x").then(() => undefined as any, (e: any) => e);
    expect(err).toBeInstanceOf(Transient);
    expect(err.status).toBe(500);
    expect(stub!.seen).toHaveLength(3);
  });

  it("treats truncated JSON on a 200 as transient and retries it", async () => {
    const http = await clientFor([{ body: '{"data": [1, 2' }, { body: { data: [1, 2] } }]);
    expect(await http.get("x")).toEqual({ data: [1, 2] });
  });

  it("times out a slow response and retries", async () => {
    const http = await clientFor([{ delayMs: 500, body: {} }, { body: { fast: true } }], { timeoutMs: 100 });
    expect(await http.get("x")).toEqual({ fast: true });
  });

  it("retries a dropped connection", async () => {
    const http = await clientFor([{ destroy: true }, { body: { ok: true } }]);
    expect(await http.get("x")).toEqual({ ok: true });
  });

  it("lets classify turn an HTTP 200 with an error code into a rate limit with the platform's delay", async () => {
    const http = await clientFor([{ body: { code: 40100, message: "QPS" } }, { body: { code: 0, data: 7 } }], {
      classify: (r) => ((r.json as { code: number }).code === 40100 ? new RateLimited("Acme QPS limit", { retryAfterMs: 30 }) : undefined),
    });
    expect(await http.get("x")).toEqual({ code: 0, data: 7 });
    expect(waits).toEqual([{ reason: "Acme QPS limit", waitMs: 30 }]);
  });

  it("calls onResponse for every response, errors included", async () => {
    const usage: (string | null)[] = [];
    const http = await clientFor([{ status: 500, headers: { "x-usage": "90" } }, { headers: { "x-usage": "10" }, body: {} }], {
      onResponse: (r) => usage.push(r.headers.get("x-usage")),
    });
    await http.get("x");
    expect(usage).toEqual(["90", "10"]);
  });

  it("fails with RateLimited naming the retry time when the wait exceeds maxWaitMs", async () => {
    const http = await clientFor([{ status: 429, headers: { "retry-after": "120" } }], {}, ctxOf({ maxWaitMs: 1000 }));
    const err = await http.get("x").then(() => undefined as any, (e: any) => e);
    expect(err).toBeInstanceOf(RateLimited);
    expect(err.retryAfterMs).toBe(120_000);
    expect(err.message).toMatch(/^Acme asked to wait 120s, longer than this run allows \(1s\)\. Retry after 120s \(\d{4}-/);
    expect(stub!.seen).toHaveLength(1);
  });

  it("stops waiting at once when the run is cancelled", async () => {
    const ac = new AbortController();
    const http = await clientFor([{ status: 429, headers: { "retry-after": "30" } }], {}, ctxOf({ signal: ac.signal }));
    setTimeout(() => ac.abort(), 50);
    const started = Date.now();
    const err = await http.get("x").then(() => undefined as any, (e: any) => e);
    expect(err.name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("never puts the query string (which may hold a token) in error messages", async () => {
    const http = await clientFor([{ status: 404 }]);
    const err = await http.get("x", { access_token: "SECRET123" }).then(() => undefined as any, (e: any) => e);
    expect(err.message).not.toContain("SECRET123");
  });

  it("sends form bodies URL-encoded", async () => {
    const http = await clientFor([{ body: { access_token: "a" } }]);
    await http.request("token", { form: { grant_type: "refresh_token", refresh_token: "r" } });
    expect(stub!.seen[0]!.body).toBe("grant_type=refresh_token&refresh_token=r");
    expect(stub!.seen[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });
});

describe("parseRetryAfter and backoffDelay", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("2.5")).toBe(2500);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
  it("doubles per attempt, caps at max, and jitters within the upper half", () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 100, 500, () => 0))).toEqual([50, 100, 200, 250]);
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 100, 500, () => 1))).toEqual([100, 200, 400, 500]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";

// A year of calendar days with three fields: 1 + 365 × 3 = 1096, two tokens at 1000 a token.
const HEAVY = `{ calendar(from: "2025-01-01", to: "2025-12-31") { date isHoliday holidayName } }`;
// Three years: the first call of an org builds and stores every day.
const SLOW = `{ calendar(from: "2023-01-01", to: "2025-12-31") { date } }`;
const CHEAP = "{ currentApiKey { name } }";

describe("per-key rate limits and per-organization concurrency", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_PER_MINUTE: "2", RATE_LIMIT_COST_UNIT: "1000", REQUEST_CONCURRENCY_PER_ORG: "1" });
  });
  afterAll(() => server.close());

  it("answers RATE_LIMITED with HTTP 429 and Retry-After once a key spent its tokens, over HTTP and WebSocket", async () => {
    const key = await (await server.createOrg("Rate")).key("viewer");
    expect((await gql(server.url, key, CHEAP)).status).toBe(200);
    expect((await gql(server.url, key, CHEAP)).status).toBe(200);
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: CHEAP }) });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string; retryAfter: number } }[] };
    expect(res.status).toBe(429);
    const { retryAfter } = body.errors[0]!.extensions;
    expect(res.headers.get("retry-after")).toBe(String(retryAfter));
    // One token refills every 30 s; the requests before took part of that.
    expect(retryAfter).toBeGreaterThanOrEqual(20);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(body.errors.map((e) => [e.extensions.code, e.message])).toEqual([["RATE_LIMITED",
      `Rate limit reached for this API key (RATE_LIMIT_PER_MINUTE=2; this operation counts 1: 1 plus 1 per 1000 of its estimated cost 2). Retry after ${retryAfter} s, or send fewer or cheaper operations.`]]);
    const client = wsClient(server.wsUrl, key);
    const ws = await wsExecute(client, CHEAP);
    await client.dispose();
    expect(ws.errors?.map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
    expect(ws.errors?.[0]?.extensions?.retryAfter).toBeGreaterThanOrEqual(20);
  });

  it("weighs operations by their estimated cost: a heavy one spends both tokens of the minute", async () => {
    const org = await server.createOrg("Weighted");
    const key = await org.key("viewer");
    const heavy = await gql(server.url, key, HEAVY);
    expect([heavy.status, heavy.data?.calendar.length]).toEqual([200, 365]);
    expect((await gql(server.url, key, CHEAP)).errors?.map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
    // Another key of the same org has its own bucket.
    expect((await gql(server.url, await org.key("viewer"), CHEAP)).status).toBe(200);
  });

  it("serves another tenant's simple query while one tenant floods heavy ones: the flood queues behind itself", async () => {
    const a = await server.createOrg("Flooder");
    const b = await (await server.createOrg("Bystander")).key("viewer");
    const aKeys = await Promise.all(Array.from({ length: 8 }, () => a.key("viewer")));
    const finished: string[] = [];
    const flood = aKeys.map((k, i) => gql(server.url, k, HEAVY).then((r) => { finished.push(`A${i}`); return r; }));
    await new Promise((r) => setTimeout(r, 100)); // the flood reached the server first
    const simple = await gql(server.url, b, "{ organization { name } }");
    finished.push("B");
    const floodResults = await Promise.all(flood);
    expect(simple).toEqual({ status: 200, data: { organization: { name: "Bystander" } } });
    expect(floodResults.map((r) => [r.status, r.data?.calendar.length])).toEqual(Array(8).fill([200, 365]));
    // A runs one operation at a time (REQUEST_CONCURRENCY_PER_ORG=1): B is answered before most of A's flood.
    expect(finished.indexOf("B")).toBeLessThanOrEqual(2);
    expect(finished).toHaveLength(9);
  });
});

describe("request time budget", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ REQUEST_TIMEOUT_MS: "50", REQUEST_CONCURRENCY_PER_ORG: "1" });
  });
  afterAll(() => server.close());

  it("answers TIMEOUT when an operation runs past REQUEST_TIMEOUT_MS, and the org is served again afterwards", async () => {
    const key = await (await server.createOrg("Slow")).key("viewer");
    // The first calendar of an org builds and stores its days: far longer than 50 ms.
    const slow = await gql(server.url, key, SLOW);
    expect(slow.errors?.map((e) => [e.extensions?.code, e.extensions?.timeoutMs, e.message])).toEqual([["TIMEOUT", 50,
      "This operation ran past its time budget of 50 ms (REQUEST_TIMEOUT_MS) and was stopped. Ask for less (a shorter range, smaller pages, fewer fields) or split it into several requests."]]);
    expect(slow.data).toBeNull();
    // The org's one slot stays taken until the stopped work ends underneath (PostgreSQL goes on building the days);
    // then the org is served again, here over WebSocket.
    const ws = wsClient(server.wsUrl, key);
    let after = await wsExecute(ws, "{ organization { name } }");
    for (let i = 0; i < 100 && after.errors; i++) {
      expect(after.errors.map((e) => e.extensions?.code)).toEqual(["TIMEOUT"]);
      await new Promise((r) => setTimeout(r, 100));
      after = await wsExecute(ws, "{ organization { name } }");
    }
    await ws.dispose();
    expect(after).toEqual({ data: { organization: { name: "Slow" } } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateMetricsExportLinkDocument } from "../../generated/graphql.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer, type TestOrg } from "../helpers/server.js";

// 60 tokens a minute refill one a second, so a refused request is served again within seconds; at 10 per token the
// costs below are a few tokens each. A key is emptied by one GraphQL operation that costs the whole bucket.
const PER_MINUTE = 60;
const COST_UNIT = 10;
const DRAIN = "{ facts(first: 1000) { edges { node { spend } } } }"; // 1 + 1000 × 3: capped at the bucket's 60 tokens
const CHEAP = "{ currentApiKey { name } }";
const METRICS = { measures: ["spend"], dimensions: ["platform"], dateRange: { from: "2024-05-01", to: "2024-05-02" } };
const CAUSAL = { dateRange: { from: "2024-05-01", to: "2024-05-02" }, treatments: ["spend"], calendarControls: false };
const GOOGLE = "Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value\n2024-05-01,Search Brand,USD,12.50,100,3,1,9.00\n2024-05-02,Search Brand,USD,oops,5,1,0,0\n";

const UPLOAD = GOOGLE.replaceAll("Search Brand", "Search Generic");

let server: TestServer;
let base: string;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

/** What one org needs for every route: a batch with a rejected row, and a signed link made by `linkKey`. */
interface Fixture { org: TestOrg; batchId: string; linkKey: string; linkUrl: string }
const fixtures: Record<string, Fixture> = {};

async function fixture(name: string): Promise<Fixture> {
  const org = await server.createOrg(name);
  const up = await fetch(`${base}/imports/csv?platform=google_ads`, { method: "POST", headers: { "content-type": "text/csv", ...auth(await org.key("editor")) }, body: GOOGLE });
  expect(up.status).toBe(201);
  const batchId = ((await up.json()) as { batch: { id: string } }).batch.id;
  const linkKey = await org.key("viewer");
  const link = await gql(server.url, linkKey, CreateMetricsExportLinkDocument, { query: METRICS as never });
  expect(link.errors).toBeUndefined();
  return { org, batchId, linkKey, linkUrl: link.data!.createExportLink.url };
}

/** Each REST route, called with a key of `f`'s org (the link route uses the key that made the link), with its price in cost units. */
const routes: [name: string, cost: number, call: (key: string, f: Fixture) => Promise<Response>][] = [
  // metrics: 1 + 10 rows (2 days × 10 platforms, no grain: 10) × 2 columns (spend, platform)
  ["POST /export/metrics.csv", 21, (key) => fetch(`${base}/export/metrics.csv`, { method: "POST", headers: { "content-type": "application/json", ...auth(key) }, body: JSON.stringify({ query: METRICS }) })],
  ["GET /export/metrics.csv", 21, (key) => fetch(`${base}/export/metrics.csv?query=${encodeURIComponent(JSON.stringify(METRICS))}`, { headers: auth(key) })],
  // causal: 1 + 2 days × 4 columns (date, spend, the two default outcomes) + ⌈2 × 16 / 100⌉
  ["POST /export/causal-dataset.csv", 10, (key) => fetch(`${base}/export/causal-dataset.csv`, { method: "POST", headers: { "content-type": "application/json", ...auth(key) }, body: JSON.stringify({ query: CAUSAL }) })],
  ["GET /export/causal-dataset.csv", 10, (key) => fetch(`${base}/export/causal-dataset.csv?query=${encodeURIComponent(JSON.stringify(CAUSAL))}`, { headers: auth(key) })],
  ["GET /export/links/<token>.csv", 21, (_key, f) => fetch(f.linkUrl)],
  // ⌈bytes / 10⌉ of the file (another file than the fixture's, so it loads)
  ["POST /imports/csv", Math.ceil(Buffer.byteLength(UPLOAD) / 10), (key) => fetch(`${base}/imports/csv?platform=google_ads`, { method: "POST", headers: { "content-type": "text/csv", ...auth(key) }, body: UPLOAD })],
  // 2 batches × 13 fields
  ["GET /imports?limit=2", 26, (key) => fetch(`${base}/imports?limit=2`, { headers: auth(key) })],
  ["GET /imports/<batch>", 13, (key, f) => fetch(`${base}/imports/${f.batchId}`, { headers: auth(key) })],
  // 1 rejected row × (line, reason and the file's 8 columns)
  ["GET /imports/<batch>/rejects.csv", 10, (key, f) => fetch(`${base}/imports/${f.batchId}/rejects.csv`, { headers: auth(key) })],
];

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: String(PER_MINUTE), RATE_LIMIT_COST_UNIT: String(COST_UNIT) });
  base = server.url.replace(/\/graphql$/, "");
  fixtures.acme = await fixture("Acme");
  fixtures.other = await fixture("Other");
  // The link keys spent a token on createExportLink: let their buckets fill again (one token a second).
  await sleep(1_100);
});
afterAll(() => server.close());

const weight = (cost: number) => 1 + Math.floor(cost / COST_UNIT);

describe("REST routes spend from the API key's rate-limit bucket", () => {
  it.each(routes)("%s: 429 with Retry-After once the key spent its tokens, another org served, the key served again after the wait", async (name, cost, call) => {
    const f = fixtures.acme!;
    const isLink = name.startsWith("GET /export/links");
    const ok = name.startsWith("POST /imports") ? 201 : 200;
    const key = isLink ? f.linkKey : await f.org.key("editor");
    const drained = await gql(server.url, key, DRAIN);
    expect(drained.status).toBe(200);

    const refused = await call(key, f);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string; retryAfter: number } }[] };
    const retryAfter = body.errors[0]!.extensions.retryAfter;
    expect([refused.status, refused.headers.get("retry-after"), body]).toEqual([429, String(retryAfter), { errors: [{
      message: `Rate limit reached for this API key (RATE_LIMIT_PER_MINUTE=${PER_MINUTE}; this operation counts ${weight(cost)}: 1 plus 1 per ${COST_UNIT} of its estimated cost ${cost}). Retry after ${retryAfter} s, or send fewer or cheaper operations.`,
      extensions: { code: "RATE_LIMITED", retryAfter },
    }] }]);
    // One token a second: the wait is the request's weight, less what refilled since the drain.
    expect(retryAfter).toBeGreaterThanOrEqual(weight(cost) - 1);
    expect(retryAfter).toBeLessThanOrEqual(weight(cost));

    const other = fixtures.other!;
    const otherKey = isLink ? other.linkKey : await other.org.key("editor");
    const served = await call(otherKey, other);
    expect(served.status).toBe(ok);
    await served.arrayBuffer();

    await sleep(retryAfter * 1_000);
    const again = await call(key, f);
    expect(again.status).toBe(ok);
    await again.arrayBuffer();
  });

  it("a REST export and GraphQL share the key's bucket: an export that costs the whole bucket leaves GraphQL refused", async () => {
    const key = await fixtures.acme!.org.key("viewer");
    // By campaign (not a few-valued dimension): a full default page of 1000 rows × 2 columns.
    const wide = { ...METRICS, dimensions: ["campaign"] };
    const exported = await fetch(`${base}/export/metrics.csv`, { method: "POST", headers: { "content-type": "application/json", ...auth(key) }, body: JSON.stringify({ query: wide }) });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const graphql = await gql(server.url, key, CHEAP);
    expect([graphql.status, graphql.errors?.map((e) => e.extensions?.code)]).toEqual([429, ["RATE_LIMITED"]]);
  });

  it("a signed link spends from the bucket of the key that created it", async () => {
    const f = fixtures.other!;
    const link = await fetch(f.linkUrl);
    expect(link.status).toBe(200);
    await link.arrayBuffer();
    // The link took 3 tokens (cost 21) from its key's bucket (at most 60), so an operation of all 60 no longer fits.
    const drained = await gql(server.url, f.linkKey, DRAIN);
    expect(drained.errors?.map((e) => e.extensions?.code)).toEqual(["RATE_LIMITED"]);
  });
});

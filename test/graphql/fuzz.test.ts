import { readFileSync, readdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Kind, parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  boundedFetch, faultOf, fakeUuid, FUZZ_SEED, hugeDocument, mostly, mutatedDocument, nastyJson, nastyNumber, nastyString,
  rawSocket, toJson, urlSafe, within, type WsTranscript,
} from "../helpers/fuzz.js";

// Issue #12: malformed GraphQL, variables, CSV and WebSocket frames never get a 5xx, never hang, and never show
// internal text (stack frames, paths, SQL). A fixed seed makes every CI run send the same inputs.
let server: TestServer;
let base: string;
let admin: string;
const auth = () => ({ authorization: `Bearer ${admin}` });
// FUZZ_SCALE=10 runs ten times the inputs (a local hunt; CI keeps the fixed, modest counts).
const run = (numRuns: number) => ({ seed: FUZZ_SEED, numRuns: numRuns * Number(process.env.FUZZ_SCALE ?? 1) });

/** The operations of documents/*.graphql, one document each. */
const documents = readdirSync("documents").filter((f) => f.endsWith(".graphql")).flatMap((f) => {
  const doc = parse(readFileSync(`documents/${f}`, "utf8"));
  const fragments = doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  return doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).map((op) => print({ ...doc, definitions: [op, ...fragments] }));
});

// Operations that take ids, cursors and inputs, each with variables that are mostly of the right shape.
const date = fc.constantFrom("2024-05-01", "2024-05-31", "2024-02-29");
const id = fc.oneof(fakeUuid, fc.uuid(), nastyString);
const measures = fc.subarray(["spend", "clicks", "impressions", "roas", "ctr"], { minLength: 1 });
const fact = fc.record({
  platform: mostly(fc.constantFrom("meta", "google_ads")), date: mostly(date), currency: mostly(fc.constantFrom("USD", "EUR")),
  spend: mostly(fc.constantFrom("1.50", "0", "12345678901234567890.123")), clicks: mostly(fc.nat()), campaignId: mostly(nastyString),
  extras: nastyJson, breakdowns: mostly(fc.constant([{ field: "age", value: "18-24" }])), accountTimezone: mostly(nastyString),
}, { requiredKeys: ["platform", "date", "currency"] });
const operations: [string, fc.Arbitrary<Record<string, unknown>>][] = [
  ["query($id: ID!) { connection(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { experiment(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { syncRun(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { attributionModel(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { causalAnalysis(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { importBatch(id: $id) { id } }", fc.record({ id })],
  ["query($id: ID!) { node(id: $id) { __typename } }", fc.record({ id })],
  ["query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }", fc.record({ ids: fc.array(id, { maxLength: 4 }) })],
  ["mutation($id: ID!) { deleteConnection(id: $id) }", fc.record({ id })],
  ["mutation($id: ID!) { deleteExperiment(id: $id) }", fc.record({ id })],
  ["mutation($id: ID!) { deleteMarketingEvent(id: $id) }", fc.record({ id })],
  ["mutation($id: ID!) { revokeApiKey(id: $id) { id } }", fc.record({ id })],
  ["mutation($id: ID!) { cancelSync(runId: $id) { id } }", fc.record({ id })],
  ["mutation($id: ID!) { retransform(connectionId: $id) { __typename } }", fc.record({ id })],
  ["mutation($id: ID!) { revokeExportLink(id: $id) { id } }", fc.record({ id })],
  ["mutation($id: ID!) { redeliverWebhook(id: $id) { id } }", fc.record({ id })],
  ["mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }", fc.record({ id })],
  ["mutation($id: ID!) { cancelTraining(id: $id) { id } }", fc.record({ id })],
  ["mutation($id: ID!) { deleteCausalAnalysis(id: $id) }", fc.record({ id })],
  ["mutation($id: ID!) { testConnection(id: $id) { ok } }", fc.record({ id })],
  ["mutation($id: ID!) { updateExperiment(id: $id, input: { name: \"x\" }) { id } }", fc.record({ id })],
  ["mutation($id: ID!, $s: Date!) { updateMarketingEvent(id: $id, input: { name: \"x\", startDate: $s, endDate: $s }) { id } }", fc.record({ id, s: date })],
  ["query($id: ID!) { optimizeBudget(modelId: $id, budget: 100) { __typename } }", fc.record({ id })],
  ["subscription($r: ID, $c: ID) { syncProgress(runId: $r, connectionId: $c) { runId } }", fc.record({ r: id, c: id })],
  ["subscription($m: ID) { trainingProgress(modelId: $m) { modelId } }", fc.record({ m: id })],
  ["query($c: ID, $after: String) { syncRuns(connectionId: $c, after: $after) { totalCount } }", fc.record({ c: id, after: mostly(fc.base64String()) })],
  ["query($after: String, $before: String) { connections(after: $after, before: $before) { edges { cursor } } }", fc.record({ after: mostly(fakeUuid.map((u) => Buffer.from(`2024-01-01T00:00:00.000Z|${u}`).toString("base64url"))), before: nastyString })],
  ["query($f: FactFilter, $first: Int!, $after: String) { facts(filter: $f, first: $first, after: $after) { edges { cursor } } }", fc.record({ f: mostly(fc.record({ connectionIds: fc.array(id, { maxLength: 2 }), from: date, platforms: fc.array(nastyString, { maxLength: 2 }) })), first: mostly(nastyNumber), after: mostly(nastyString) })],
  ["query($q: MetricsQueryInput!) { metrics(query: $q) { __typename } }", fc.record({ q: mostly(fc.record({ measures, dateRange: mostly(fc.record({ from: date, to: date })), limit: mostly(nastyNumber), after: nastyString })) })],
  ["query($c: ID, $r: DateRangeInput!) { dataQuality(connectionId: $c, dateRange: $r) { score } }", fc.record({ c: id, r: mostly(fc.record({ from: date, to: mostly(date) })) })],
  ["mutation($input: [FactInput!]!) { ingestFacts(input: $input) { received written rejected { index field reason } } }", fc.record({ input: mostly(fc.array(fact, { minLength: 1, maxLength: 3 })) })],
  ...documents.map((d): [string, fc.Arbitrary<Record<string, unknown>>] => [d, fc.dictionary(fc.constantFrom("input", "query", "filter", "first", "after", "id", "expiresIn", "status", "$x"), nastyJson, { maxKeys: 4 })]),
];

/** POST, GET or a graphql-ws subscribe: the HTTP status (200 for WebSocket) and everything the server sent back. */
async function sendOperation(transport: "post" | "get" | "ws", query: string, variables?: unknown): Promise<{ status: number; body: string }> {
  if (transport === "post")
    return boundedFetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: toJson({ query, variables }) });
  if (transport === "get")
    return boundedFetch(`${server.url}?query=${urlSafe(query)}${variables === undefined ? "" : `&variables=${urlSafe(toJson(variables))}`}`, { headers: { ...auth(), "apollo-require-preflight": "1" } });
  const { ws, transcript } = await rawSocket(server.wsUrl);
  try {
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${admin}` } }));
    // Operations sent before the ack are refused (4401): authentication is asynchronous.
    await within(() => transcript.messages.length > 0 || transcript.close !== undefined);
    ws.send(toJson({ id: "1", type: "subscribe", payload: { query, variables } }));
    // A subscription that was accepted stays open, waiting for events: then a query after it must still be answered.
    const waits = /^\s*subscription\b/.test(query);
    if (waits) ws.send(JSON.stringify({ id: "probe", type: "subscribe", payload: { query: "{ __typename }" } }));
    const ended = (id: string) => transcript.messages.some((m) => m.includes(`"id":"${id}"`) && /"type":"(complete|error)"/.test(m));
    const done = () => transcript.close !== undefined || ended("1") || (waits && ended("probe"));
    return wsOutcome(transcript, await within(done));
  } finally { ws.terminate(); }
}

/** A WebSocket's transcript as a response: 500 for a server-fault close (4500, 1011) or no end within the bound. */
function wsOutcome(t: WsTranscript, ended: boolean): { status: number; body: string } {
  const body = [...t.messages, t.close ? `close ${t.close.code} ${t.close.reason}` : ""].join("\n");
  if (!ended) return { status: 504, body: `no answer within the bound: ${body}` };
  return { status: t.close && (t.close.code === 4500 || t.close.code === 1011) ? 500 : 200, body };
}

/** Fails the property with the response when it shows a server fault. */
function expectClean(response: { status: number; body: string }, sent: string): void {
  const fault = faultOf(response.status, response.body, sent);
  if (fault) throw new Error(fault);
}

/** The gateway still answers a trivial query at once (no hang, no exhausted pool). */
async function expectServing(): Promise<void> {
  const started = Date.now();
  const r = await gql(server.url, admin, "{ organization { name } }");
  expect([r.status, r.data, Date.now() - started < 2_000]).toEqual([200, { organization: { name: "Fuzz" } }, true]);
}

beforeAll(async () => {
  server = await startTestServer();
  base = server.url.replace(/\/graphql$/, "");
  admin = await (await server.createOrg("Fuzz")).key("admin");
});
afterAll(async () => { await server.close(); });

describe("fuzzed GraphQL documents", () => {
  const transport = fc.constantFrom("post" as const, "get" as const, "ws" as const);
  it("random text, mutated documents and huge documents over POST, GET and WebSocket: no 5xx, no hang, no internal text", async () => {
    const query = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), mutatedDocument(documents), hugeDocument);
    await fc.assert(fc.asyncProperty(transport, query, async (t, q) => expectClean(await sendOperation(t, q), q)), run(60));
    await expectServing();
  });
});

describe("fuzzed variables", () => {
  it("wrong types, deep nesting, huge strings, NUL, lone surrogates, big numbers and fake ids: no 5xx, no hang, no internal text", async () => {
    const op = fc.constantFrom(...operations).chain(([q, vars]) => fc.tuple(fc.constant(q), vars));
    const transport = fc.constantFrom("post" as const, "ws" as const);
    await fc.assert(fc.asyncProperty(transport, op, async (t, [q, v]) => expectClean(await sendOperation(t, q, v), toJson(v))), run(80));
    await expectServing();
  });
});

// CSV cells as uploads carry them: dates, amounts, formulas, quotes left open, NUL, a BOM, bytes that are not UTF-8.
const cell = fc.oneof(
  fc.constantFrom("2024-05-01", "05/01/2024", "Brand", "USD", "10.00", "1,234.5", "=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2", "\"open", "a\"b", "\"\"", "", "\u0000", "\ufeff", "1e400", "NaN"),
  fc.string({ unit: "binary", maxLength: 12 }),
);
const csvBody = fc.tuple(
  fc.boolean(),
  fc.constantFrom("Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value", "Day,Campaign name,Amount spent (USD),Clicks", "a;b;c", ""),
  fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 8 }),
  fc.constantFrom("\n", "\r\n", "\r"),
  fc.option(fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => Buffer.from([0xff, 0xfe, 0xc3, ...b]))),
).map(([bom, header, rows, eol, junk]) => Buffer.concat([Buffer.from(`${bom ? "\ufeff" : ""}${[header, ...rows.map((r) => r.join(","))].join(eol)}`), junk ?? Buffer.alloc(0)]));
const uploadQuery = fc.record({
  platform: mostly(fc.constantFrom("google_ads", "meta")), dateFormat: nastyString, decimalSeparator: fc.constantFrom(",", ".", ";", "x"),
  delimiter: fc.constantFrom(",", ";", "\t", "|", "ab", "\u0000"), defaultCurrency: nastyString, "column.spend": nastyString,
}, { requiredKeys: ["platform"] }).map((q) => Object.entries(q).map(([k, v]) => `${k}=${urlSafe(typeof v === "string" ? v : toJson(v))}`).join("&"));

describe("fuzzed REST routes", () => {
  it("random CSV bodies to POST /imports/csv: no 5xx, no hang, no internal text", async () => {
    await fc.assert(fc.asyncProperty(uploadQuery, csvBody, async (q, body) => {
      const r = await boundedFetch(`${base}/imports/csv?${q}`, { method: "POST", headers: { "content-type": "text/csv", ...auth() }, body });
      expectClean(r, `${decodeURIComponent(q)}${body.toString()}`);
    }), run(40));
    await expectServing();
  });

  it("random JSON bodies and ?query= to /export/metrics.csv and /export/causal-dataset.csv: no 5xx, no hang, no internal text", async () => {
    const metrics = mostly(fc.record({ measures: mostly(measures), dateRange: mostly(fc.record({ from: date, to: date })), dimensions: mostly(fc.constant(["platform"])), limit: mostly(nastyNumber), filters: nastyJson }, { requiredKeys: [] }));
    const causal = mostly(fc.record({ dateRange: mostly(fc.record({ from: date, to: date })), lags: mostly(fc.array(nastyNumber, { maxLength: 3 })), unit: nastyString, treatments: nastyJson }, { requiredKeys: [] }));
    const request = fc.oneof(fc.tuple(fc.constant("metrics"), metrics), fc.tuple(fc.constant("causal-dataset"), causal));
    await fc.assert(fc.asyncProperty(request, fc.boolean(), fc.boolean(), async ([route, query], wrapped, get) => {
      const json = toJson(wrapped ? { query } : query);
      const r = get
        ? await boundedFetch(`${base}/export/${route}.csv?query=${urlSafe(toJson(query))}`, { headers: auth() })
        : await boundedFetch(`${base}/export/${route}.csv`, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: json });
      expectClean(r, json);
    }), run(60));
    await expectServing();
  });

  it("random ids, tokens and limits on the other REST routes: no 5xx, no hang, no internal text", async () => {
    const path = fc.oneof(
      id.map((i) => `/imports/${urlSafe(i)}`), id.map((i) => `/imports/${urlSafe(i)}/rejects.csv`), nastyString.map((t) => `/export/links/${urlSafe(t)}.csv`),
      nastyString.map((l) => `/imports?limit=${urlSafe(l)}`), fc.constantFrom("/healthz", "/readyz", "/metrics", "/export/metrics.csv", "/imports/csv"),
    );
    const body = fc.oneof(fc.constant(undefined), fc.string({ unit: "binary", maxLength: 100 }), fc.constantFrom("{", "{\"query\":", "[]", "null", "\"x\""));
    await fc.assert(fc.asyncProperty(path, fc.constantFrom("GET", "POST", "PUT", "DELETE"), body, fc.constantFrom("application/json", "text/csv", "text/plain"), async (p, method, b, type) => {
      const r = await boundedFetch(`${base}${p}`, { method, headers: { "content-type": type, ...auth() }, body: method === "GET" ? undefined : b });
      expectClean(r, `${decodeURIComponent(p)}${b ?? ""}`);
    }), run(60));
    await expectServing();
  });
});

// graphql-ws messages: every type, missing and duplicate ids, wrong payloads, huge payloads, and frames that are not JSON.
const wsMessage = fc.oneof(
  fc.record({
    type: fc.oneof(fc.constantFrom("connection_init", "ping", "pong", "subscribe", "complete", "next", "error", "connection_ack"), nastyJson),
    id: fc.oneof(fc.constant(undefined), fc.constantFrom("1", "1", "2"), nastyJson),
    payload: fc.oneof(fc.constant(undefined), nastyJson, fc.record({ query: fc.oneof(fc.constantFrom("{ organization { id } }", "subscription { syncProgress { runId } }"), mutatedDocument(documents)), variables: nastyJson }, { requiredKeys: [] })),
  }, { requiredKeys: [] }).map((m): Frame => ({ data: toJson(m), binary: false })),
  fc.string({ unit: "binary", maxLength: 200 }).map((data): Frame => ({ data, binary: false })),
  fc.uint8Array({ maxLength: 200 }).map((data): Frame => ({ data, binary: true })),
  // A text frame that is not UTF-8.
  fc.uint8Array({ maxLength: 50 }).map((bytes): Frame => ({ data: Buffer.from([0xc3, 0x28, ...bytes]), binary: false })),
  fc.integer({ min: 900_000, max: 1_200_000 }).map((n): Frame => ({ data: JSON.stringify({ id: "big", type: "subscribe", payload: { query: `{ organization { id } } #${"x".repeat(n)}` } }), binary: false })),
);
type Frame = { data: string | Uint8Array; binary: boolean };

describe("fuzzed WebSocket frames", () => {
  it("random text and binary frames and malformed graphql-ws messages, before and after connection_init: no 4500, no hang, no internal text", async () => {
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(wsMessage, { minLength: 1, maxLength: 5 }), async (initFirst, frames) => {
      const { ws, transcript } = await rawSocket(server.wsUrl);
      const init = JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${admin}` } });
      try {
        if (initFirst) { ws.send(init); await within(() => transcript.messages.length > 0); }
        for (const f of frames) if (ws.readyState === ws.OPEN) ws.send(f.data, { binary: f.binary });
        // Then a real operation: the socket answers it, or has closed with a client-error code; either within the bound.
        const probe = randomUUID();
        if (ws.readyState === ws.OPEN) {
          if (!initFirst) { ws.send(init); await within(() => transcript.messages.some((m) => m.includes("connection_ack")) || transcript.close !== undefined); }
          ws.send(JSON.stringify({ id: probe, type: "subscribe", payload: { query: "{ organization { name } }" } }));
        }
        const ended = await within(() => transcript.close !== undefined || transcript.messages.some((m) => m.includes(probe) && m.includes("\"complete\"")));
        expectClean(wsOutcome(transcript, ended), frames.map((f) => (typeof f.data === "string" ? f.data : "")).join("\n"));
      } finally { ws.terminate(); }
    }), run(40));
    await expectServing();
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { deepNest, rawSocket, toJson, within } from "../helpers/fuzz.js";

// What the fuzz suite (fuzz.test.ts) found, each pinned by its exact answer: before the fixes each was an internal error
// (500, INTERNAL_SERVER_ERROR, or a WebSocket closed 4500 with "Maximum call stack size exceeded").
let server: TestServer;
let base: string;
let admin: string;
const auth = () => ({ authorization: `Bearer ${admin}` });
// 36 characters of hex digits and dashes, not a UUID: PostgreSQL refused it as a uuid (22P02).
const FAKE = "0123456789abcdef0123456789abcdef-123";

beforeAll(async () => {
  server = await startTestServer();
  base = server.url.replace(/\/graphql$/, "");
  admin = await (await server.createOrg("Findings")).key("admin");
});
afterAll(async () => { await server.close(); });

async function post(path: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify(body) });
  return [res.status, await res.json()];
}

describe("REST exports check their query against the GraphQL input type", () => {
  it("POST /export/causal-dataset.csv with lags that are not integers: 400 BAD_USER_INPUT naming the field", async () => {
    expect(await post("/export/causal-dataset.csv", { query: { dateRange: { from: "2024-05-01", to: "2024-05-31" }, lags: ["x"] } })).toEqual([400, {
      errors: [{ message: "The query is not a valid CausalDatasetInput. At lags[0]: Int cannot represent non-integer value: \"x\"", extensions: { code: "BAD_USER_INPUT" } }],
    }]);
  });

  it("POST /export/metrics.csv with a number for a date and no measures: 400 BAD_USER_INPUT naming both", async () => {
    expect(await post("/export/metrics.csv", { dateRange: { from: 5, to: "2024-05-31" } })).toEqual([400, {
      errors: [{
        message: "The query is not a valid MetricsQueryInput. Field \"measures\" of required type \"[MetricMeasure!]!\" was not provided. At dateRange.from: Date must be a calendar day in YYYY-MM-DD form, got 5.",
        extensions: { code: "BAD_USER_INPUT" },
      }],
    }]);
  });

  it("a single lag written as a number is coerced to a list, as GraphQL does: 200", async () => {
    const res = await fetch(`${base}/export/causal-dataset.csv`, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify({ dateRange: { from: "2024-05-01", to: "2024-05-02" }, lags: 1 }) });
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
    await res.text();
  });
});

describe("ids that are not UUIDs name nothing (they never reach a uuid column)", () => {
  const notFound = (query: string, what: string) => async () => {
    const r = await gql(server.url, admin, query, { id: FAKE });
    expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["NOT_FOUND", `${what} ${FAKE} was not found in this organization.`]]);
  };
  it("experiment(id:)", notFound("query($id: ID!) { experiment(id: $id) { id } }", "Experiment"));
  it("connection(id:)", notFound("query($id: ID!) { connection(id: $id) { id } }", "Connection"));
  it("syncRun(id:)", notFound("query($id: ID!) { syncRun(id: $id) { id } }", "Sync run"));
  it("attributionModel(id:)", notFound("query($id: ID!) { attributionModel(id: $id) { id } }", "Attribution model"));
  it("causalAnalysis(id:)", notFound("query($id: ID!) { causalAnalysis(id: $id) { id } }", "Causal analysis"));
  it("importBatch(id:)", notFound("query($id: ID!) { importBatch(id: $id) { id } }", "Import batch"));
  it("deleteMarketingEvent(id:)", notFound("mutation($id: ID!) { deleteMarketingEvent(id: $id) }", "Marketing event"));
  it("revokeApiKey(id:)", notFound("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", "API key"));
  it("revokeExportLink(id:)", notFound("mutation($id: ID!) { revokeExportLink(id: $id) { id } }", "Export link"));
  it("redeliverWebhook(id:)", notFound("mutation($id: ID!) { redeliverWebhook(id: $id) { id } }", "Webhook delivery"));
  it("deleteWebhookEndpoint(id:)", notFound("mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }", "Webhook endpoint"));

  it("GET /imports/<id>: 404 NOT_FOUND", async () => {
    const res = await fetch(`${base}/imports/${FAKE}`, { headers: auth() });
    expect([res.status, await res.json()]).toEqual([404, { errors: [{ message: `Import batch ${FAKE} was not found in this organization.`, extensions: { code: "NOT_FOUND" } }] }]);
  });

  it("syncRuns(connectionId:) and dataQuality(connectionId:) answer for no connection", async () => {
    const r = await gql(server.url, admin, `query($id: ID) { syncRuns(connectionId: $id) { totalCount } dataQuality(connectionId: $id, dateRange: { from: "2024-05-01", to: "2024-05-02" }) { connectionId } }`, { id: FAKE });
    expect(r).toEqual({ status: 200, data: { syncRuns: { totalCount: 0 }, dataQuality: { connectionId: FAKE } } });
  });

  it("a connections cursor holding a non-UUID id is BAD_USER_INPUT", async () => {
    const after = Buffer.from(`2024-01-01T00:00:00.000Z|${FAKE}`).toString("base64url");
    const r = await gql(server.url, admin, "query($after: String) { connections(after: $after) { totalCount } }", { after });
    expect(r.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([["BAD_USER_INPUT", "The `after` cursor is not valid; pass a `endCursor` or edge `cursor` returned by this query."]]);
  });
});

const TOO_DEEP = "Syntax Error: This document nests brackets more than 100 deep. Nest selections and values less deeply (the depth limit is 12 fields, GRAPHQL_MAX_DEPTH).";
const deepDocument = `${"{ organization ".repeat(2_000)}${"}".repeat(2_000)}`;

/** One operation over a raw graphql-ws socket: every message after the ack, and the close code if it closed. */
async function overWs(payload: Record<string, unknown>) {
  const { ws, transcript } = await rawSocket(server.wsUrl);
  ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${admin}` } }));
  await within(() => transcript.messages.length > 0);
  ws.send(toJson({ id: "1", type: "subscribe", payload }));
  await within(() => transcript.close !== undefined || transcript.messages.some((m) => /"type":"(complete|error)"/.test(m)));
  ws.send(JSON.stringify({ id: "2", type: "subscribe", payload: { query: "{ organization { name } }" } }));
  await within(() => transcript.close !== undefined || transcript.messages.some((m) => m.includes('"id":"2","type":"complete"')));
  ws.terminate();
  return { messages: transcript.messages.slice(1).map((m) => JSON.parse(m)), close: transcript.close?.code };
}

describe("documents nested too deep for the recursive parser", () => {
  it("POST: 400 GRAPHQL_PARSE_FAILED saying how deep they may nest", async () => {
    expect(await post("/graphql", { query: deepDocument })).toEqual([400, { errors: [{ message: TOO_DEEP, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] }]);
  });

  it("GET: the same", async () => {
    const res = await fetch(`${server.url}?query=${encodeURIComponent(`{ organization(a: ${"[".repeat(2_000)}1${"]".repeat(2_000)}) { id } }`)}`, { headers: { ...auth(), "apollo-require-preflight": "1" } }); // graphql-probe: too deep to parse
    expect([res.status, await res.json()]).toEqual([400, { errors: [{ message: TOO_DEEP, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] }]);
  });

  it("WebSocket: an error message for the operation; the socket stays open", async () => {
    expect(await overWs({ query: deepDocument })).toEqual({
      messages: [
        { id: "1", type: "error", payload: [{ message: TOO_DEEP, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] },
        { id: "2", type: "next", payload: { data: { organization: { name: "Findings" } } } }, { id: "2", type: "complete" },
      ],
      close: undefined,
    });
  });
});

describe("variables PostgreSQL cannot store or the gateway cannot walk", () => {
  const DEEP = "Variable $x is nested more than 64 levels deep; flatten it.";
  it("WebSocket: variables nested 5,000 deep are BAD_USER_INPUT (the socket was closed 4500); the socket stays open", async () => {
    expect(await overWs({ query: "{ organization { name } }", variables: { x: deepNest(5_000) } })).toEqual({
      messages: [
        { id: "1", type: "error", payload: [{ message: DEEP, extensions: { code: "BAD_USER_INPUT" } }] },
        { id: "2", type: "next", payload: { data: { organization: { name: "Findings" } } } }, { id: "2", type: "complete" },
      ],
      close: undefined,
    });
  });

  it("HTTP: a JSON extras nested 5,000 deep is BAD_USER_INPUT, 400", async () => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: toJson({ query: "mutation($x: JSON) { ingestFacts(input: [{ platform: \"meta\", date: \"2024-05-01\", currency: \"USD\", extras: $x }]) { written } }", variables: { x: deepNest(5_000) } }) });
    expect([res.status, await res.json()]).toEqual([400, { errors: [{ message: DEEP, extensions: { code: "BAD_USER_INPUT" } }] }]);
  });

  it("a NUL character in a fact row (its extras, an id, a literal) rejects that row with its reason while the good rows land", async () => {
    const good = { platform: "meta", date: "2024-05-01", currency: "USD", spend: "1.50" };
    const r = await gql(server.url, admin, "mutation($input: [FactInput!]!) { ingestFacts(input: $input) { received written rejected { index field reason } } }", {
      input: [{ ...good, adId: "nul-1", extras: { note: "a\u0000b" } }, { ...good, adId: "ad\u00001" }, { ...good, adId: "nul-3", extras: { ["k\u0000"]: 1 } }, { ...good, adId: "nul-ok" }],
    });
    expect(r).toEqual({ status: 200, data: { ingestFacts: { received: 4, written: 1, rejected: [
      { index: 0, field: "extras", reason: "extras contains a NUL character" },
      { index: 1, field: "adId", reason: "adId contains a NUL character" },
      { index: 2, field: "extras", reason: "extras contains a NUL character" },
    ] } } });
    const literal = await gql(server.url, admin, 'mutation { ingestFacts(input: [{ platform: "meta", date: "2024-05-01", currency: "USD", adId: "lit\\u0000" }, { platform: "meta", date: "2024-05-01", currency: "USD", adId: "nul-lit-ok" }]) { written rejected { index field reason } } }');
    expect(literal).toEqual({ status: 200, data: { ingestFacts: { written: 1, rejected: [{ index: 0, field: "adId", reason: "adId contains a NUL character" }] } } });
  });

  it("a NUL character beside fact rows, in a variable that is not a row, is still BAD_USER_INPUT, 400", async () => {
    const r = await gql(server.url, admin, "mutation($input: [FactInput!]!, $id: ID!) { ingestFacts(input: $input) { written } revokeExportLink(id: $id) { id } }", { input: [], id: "a\u0000b" });
    expect(r).toEqual({ status: 400, errors: [{ message: "Variable $id holds the NUL character (\\u0000), which cannot be stored; remove it.", extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("a NUL character in a facts filter is BAD_USER_INPUT, 400", async () => {
    const r = await gql(server.url, admin, "query($id: ID!) { facts(filter: { connectionIds: [$id] }) { totalCount } }", { id: "a\u0000b" });
    expect(r).toEqual({ status: 400, errors: [{ message: "Variable $id holds the NUL character (\\u0000), which cannot be stored; remove it.", extensions: { code: "BAD_USER_INPUT" } }] });
  });

  it("a NUL character in a string literal of the document is BAD_USER_INPUT, 400", async () => {
    const r = await gql(server.url, admin, "{ connection(id: \"a\\u0000b\") { id } }");
    expect(r).toEqual({ status: 400, errors: [{ message: "A string in the document holds the NUL character (\\u0000), which cannot be stored; remove it.", extensions: { code: "BAD_USER_INPUT" } }] });
  });
});

describe("a subscription sent over HTTP", () => {
  it("is 400 BAD_REQUEST pointing to WebSocket (it was an internal error)", async () => {
    const r = await gql(server.url, admin, "subscription { syncProgress { runId } }");
    expect(r).toEqual({ status: 400, errors: [{ message: "Subscriptions are served over WebSocket (graphql-ws, protocol graphql-transport-ws) on this same URL, not over HTTP.", extensions: { code: "BAD_REQUEST" } }] });
  });
});

describe("a graphql-ws message only a server sends", () => {
  it.each(["connection_ack", "next", "error"])("%s from the client closes the socket 4400 naming it (graphql-ws closed it 4500)", async (type) => {
    const { ws, transcript, closed } = await rawSocket(server.wsUrl);
    ws.send(JSON.stringify({ type, id: "1", payload: {} }));
    await closed;
    expect(transcript).toEqual({ messages: [], close: { code: 4400, reason: `A client cannot send a ${type} message.` } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";

let server: TestServer;
let key: string;

// 8 levels: facts > edges > node > ad > parent > parent > parent > name
const DEEP = "{ facts(first: 1) { edges { node { ad { parent { parent { parent { name } } } } } } } }";
// 1 + 1000 × (edges 1 + node 1 + ad{parent{name}} 3 + campaign, adGroup, account {name} 2 each) = 11001
const COSTLY = "{ facts(first: 1000) { edges { node { ad { parent { name } } campaign { name } adGroup { name } account { name } } } } }";
const INTROSPECTION = "{ __schema { queryType { name } } }";
// Six aliased copies of a cheap field (the limit below is 5).
const ALIASED = `{ ${Array.from({ length: 6 }, (_, i) => `k${i}: currentApiKey { name }`).join(" ")} }`;
// Four directives (the limit below is 3).
const DIRECTIVES = "query($y: Boolean = true) { currentApiKey { name @include(if: $y) role @include(if: $y) } organization @skip(if: false) { name @include(if: $y) } }";
// 120 fields: over the 100-token limit below.
const LONG = `{ currentApiKey { ${Array.from({ length: 120 }, () => "name").join(" ")} } }`;
// A ten-year calendar costs its days, and each aliased copy counts: 3 × (1 + 3653 × 2) = 21921.
const CALENDARS = `{ ${[1, 2, 3].map((i) => `c${i}: calendar(from: "2016-01-01", to: "2025-12-31") { date isHoliday }`).join(" ")} }`;

beforeAll(async () => {
  server = await startTestServer({ GRAPHQL_MAX_DEPTH: "7", GRAPHQL_MAX_COST: "5000", GRAPHQL_INTROSPECTION: "false",
    GRAPHQL_MAX_ALIASES: "5", GRAPHQL_MAX_DIRECTIVES: "3", GRAPHQL_MAX_TOKENS: "100" });
  key = await (await server.createOrg("Limits")).key("viewer");
});
afterAll(() => server.close());

async function overWs(query: string) {
  const client = wsClient(server.wsUrl, key);
  const r = await wsExecute(client, query);
  await client.dispose();
  return (r.errors ?? []).map((e) => [e.extensions?.code, e.message]);
}
const overHttp = async (query: string) => {
  const r = await gql(server.url, key, query);
  return (r.errors ?? []).map((e) => [e.extensions?.code, e.message]);
};

describe("query limits, identical on HTTP and WebSocket", () => {
  const deep = [["GRAPHQL_VALIDATION_FAILED", "This operation is 8 levels deep; the limit is 7 (GRAPHQL_MAX_DEPTH). Split it into smaller queries."]];
  const fix = "Ask for smaller pages (first, last, metrics limit), shorter date ranges, fewer lags or rolling windows, or fewer aliased copies.";
  const costly = [["QUERY_TOO_COSTLY", `This operation's estimated cost is 11001; the limit is 5000 (GRAPHQL_MAX_COST). Costliest fields: facts 11001. ${fix}`]];
  const calendars = [["QUERY_TOO_COSTLY", `This operation's estimated cost is 21921; the limit is 5000 (GRAPHQL_MAX_COST). Costliest fields: c1: calendar 7307, c2: calendar 7307, c3: calendar 7307. ${fix}`]];
  const aliased = [["GRAPHQL_VALIDATION_FAILED", "This operation has 6 aliases; the limit is 5 (GRAPHQL_MAX_ALIASES). Split it into several requests."]];
  const directives = [["GRAPHQL_VALIDATION_FAILED", "This operation has 4 directives; the limit is 3 (GRAPHQL_MAX_DIRECTIVES). Use fewer @include/@skip directives, or send separate operations."]];
  const long = [["GRAPHQL_PARSE_FAILED", "Syntax Error: This document has more than 100 tokens; the limit is 100 (GRAPHQL_MAX_TOKENS). Send a shorter document (pass long lists as variables)."]];
  const introspection = [["GRAPHQL_VALIDATION_FAILED", "Introspection is switched off on this server (GRAPHQL_INTROSPECTION=false)."]];

  it("refuses a query deeper than the limit over HTTP", async () => expect(await overHttp(DEEP)).toEqual(deep));
  it("refuses a query deeper than the limit over WebSocket", async () => expect(await overWs(DEEP)).toEqual(deep));
  it("refuses a query costlier than the limit over HTTP", async () => expect(await overHttp(COSTLY)).toEqual(costly));
  it("refuses a query costlier than the limit over WebSocket", async () => expect(await overWs(COSTLY)).toEqual(costly));
  it("counts every aliased copy toward the cost, over HTTP", async () => expect(await overHttp(CALENDARS)).toEqual(calendars));
  it("counts every aliased copy toward the cost, over WebSocket", async () => expect(await overWs(CALENDARS)).toEqual(calendars));
  it("refuses more aliases than the limit over HTTP", async () => expect(await overHttp(ALIASED)).toEqual(aliased));
  it("refuses more aliases than the limit over WebSocket", async () => expect(await overWs(ALIASED)).toEqual(aliased));
  it("refuses more directives than the limit over HTTP", async () => expect(await overHttp(DIRECTIVES)).toEqual(directives));
  it("refuses more directives than the limit over WebSocket", async () => expect(await overWs(DIRECTIVES)).toEqual(directives));
  it("refuses a document longer than the token limit over HTTP", async () => expect(await overHttp(LONG)).toEqual(long));
  it("refuses a document longer than the token limit over WebSocket", async () => expect(await overWs(LONG)).toEqual(long));
  it("refuses introspection when it is switched off, over HTTP", async () => expect(await overHttp(INTROSPECTION)).toEqual(introspection));
  it("refuses introspection when it is switched off, over WebSocket", async () => expect(await overWs(INTROSPECTION)).toEqual(introspection));
  it("runs a query within the limits", async () => {
    const r = await gql(server.url, key, "{ facts(first: 10) { edges { node { campaign { name } } } } }");
    expect(r).toEqual({ status: 200, data: { facts: { edges: [] } } });
  });
});

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

beforeAll(async () => {
  server = await startTestServer({ GRAPHQL_MAX_DEPTH: "7", GRAPHQL_MAX_COST: "5000", GRAPHQL_INTROSPECTION: "false" });
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
  const costly = [["QUERY_TOO_COSTLY", "This operation's estimated cost is 11001; the limit is 5000 (GRAPHQL_MAX_COST). Ask for smaller pages or fewer fields."]];
  const introspection = [["GRAPHQL_VALIDATION_FAILED", "Introspection is switched off on this server (GRAPHQL_INTROSPECTION=false)."]];

  it("refuses a query deeper than the limit over HTTP", async () => expect(await overHttp(DEEP)).toEqual(deep));
  it("refuses a query deeper than the limit over WebSocket", async () => expect(await overWs(DEEP)).toEqual(deep));
  it("refuses a query costlier than the limit over HTTP", async () => expect(await overHttp(COSTLY)).toEqual(costly));
  it("refuses a query costlier than the limit over WebSocket", async () => expect(await overWs(COSTLY)).toEqual(costly));
  it("refuses introspection when it is switched off, over HTTP", async () => expect(await overHttp(INTROSPECTION)).toEqual(introspection));
  it("refuses introspection when it is switched off, over WebSocket", async () => expect(await overWs(INTROSPECTION)).toEqual(introspection));
  it("runs a query within the limits", async () => {
    const r = await gql(server.url, key, "{ facts(first: 10) { edges { node { campaign { name } } } } }");
    expect(r).toEqual({ status: 200, data: { facts: { edges: [] } } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "graphql-ws";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { wsClient, wsExecute } from "../helpers/ws.js";

let server: TestServer;
let key: string;
let ws: Client;

beforeAll(async () => {
  server = await startTestServer({ NODE_ENV: "production", GRAPHQL_MAX_COST: "200", LIFTGATE_ENCRYPTION_KEY: "ab".repeat(32) });
  key = await (await server.createOrg("Prod")).key("viewer");
  ws = wsClient(server.wsUrl, key);
});
afterAll(async () => { await ws.dispose(); await server.close(); });

const TYPO = `{ conections { id } }`; // graphql-probe: a misspelt field
const COERCION = `query($s: SyncRunStatus) { syncRuns(status: $s) { edges { node { id } } } }`;

describe("client errors in production", () => {
  it("drop graphql's \"Did you mean\" suggestions and answer 400, over HTTP and WebSocket alike", async () => {
    const typo = await gql(server.url, key, TYPO);
    const coercion = await gql(server.url, key, COERCION, { s: "faild" });
    expect([typo.status, typo.errors!.map((e) => [e.message, e.extensions!.code])]).toEqual([400, [['Cannot query field "conections" on type "Query".', "GRAPHQL_VALIDATION_FAILED"]]]);
    expect([coercion.status, coercion.errors!.map((e) => [e.message, e.extensions!.code])])
      .toEqual([400, [['Variable "$s" got invalid value "faild"; Value "faild" does not exist in "SyncRunStatus" enum.', "BAD_USER_INPUT"]]]);
    const costly = await gql(server.url, key, `{ facts(first: 1000) { edges { node { id } } } }`);
    expect([costly.status, costly.errors!.map((e) => e.extensions!.code)]).toEqual([400, ["QUERY_TOO_COSTLY"]]);
    const overWs = [await wsExecute(ws, TYPO), await wsExecute(ws, COERCION, { s: "faild" })];
    expect(overWs.map((r) => r.errors!.map((e) => [e.message, e.extensions!.code]))).toEqual([
      [['Cannot query field "conections" on type "Query".', "GRAPHQL_VALIDATION_FAILED"]],
      [['Variable "$s" got invalid value "faild"; Value "faild" does not exist in "SyncRunStatus" enum.', "BAD_USER_INPUT"]],
    ]);
  });
});

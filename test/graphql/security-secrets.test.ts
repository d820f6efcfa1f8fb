import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/query.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// Secrets an attacker would look for: a connection token (echoed back by its upstream) and the encryption key.
const TOKEN = `tok_${randomBytes(12).toString("hex")}`;
const KEY = randomBytes(32).toString("hex");
let server: TestServer;
let upstream: Server;
let upstreamUrl: string;
let admin: string;
const responses: string[] = [];

async function call(query: string, variables?: Record<string, unknown>) {
  const r = await gql(server.url, admin, query, variables);
  responses.push(JSON.stringify(r));
  return r;
}

beforeAll(async () => {
  // An upstream that quotes the credentials it received in its error body, as some APIs and proxies do.
  upstream = createServer((req, res) => {
    res.writeHead(400, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: `account not found for ${req.headers.authorization} (${encodeURIComponent(TOKEN)})` } }));
  });
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  server = await startTestServer({ LIFTGATE_ENCRYPTION_KEY: KEY });
  admin = await (await server.createOrg("Echo")).key("admin");
});
afterAll(async () => {
  await (await syncEngineOf(server.app)).shutdown();
  await server.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

describe("secret redaction", () => {
  it("never returns, stores or logs a secret that an upstream echoes, in checks, failed syncs and errors", async () => {
    const created = await call(`mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`, {
      i: { pluginId: "json-http", name: "Echo", config: { baseUrl: upstreamUrl, token: TOKEN, accountId: "acct_1" } },
    });
    const id = created.data!.createConnection.id as string;

    const check = await call(`mutation($id: ID!) { testConnection(id: $id) { ok reason } }`, { id });
    expect(check.data!.testConnection).toEqual({
      ok: false,
      reason: `JSON endpoint ${upstreamUrl.slice(7)} refused GET /report (HTTP 400: account not found for Bearer [redacted] ([redacted])). Fix the connection's configuration, then run testConnection.`,
    });

    const started = await call(`mutation($i: StartSyncInput!) { startSync(input: $i) { id } }`, { i: { connectionId: id, range: { start: "2024-01-01", end: "2024-01-02" } } });
    const runId = started.data!.startSync.id as string;
    await (await syncEngineOf(server.app)).wait(runId);
    const run = await call(`query($id: ID!) { syncRun(id: $id) { status error } }`, { id: runId });
    expect(run.data!.syncRun).toEqual({ status: "failed", error: `JSON endpoint ${upstreamUrl.slice(7)} refused GET /report (HTTP 400: account not found for Bearer [redacted] ([redacted])). Fix the connection's configuration, then run testConnection.` });

    // A client error whose message would quote the key: the error path scrubs it too.
    await call(`query { syncRun(id: "${KEY}") { id } }`);

    const stored = await queryRows<{ t: string }>(server.app.database.db, sql`
      select coalesce((select string_agg(row_to_json(r)::text, '') from sync_runs r), '') || coalesce((select string_agg(row_to_json(c)::text, '') from connections c), '')
        || coalesce((select string_agg(m.title || m.body, '') from memory_items m), '') as t`);
    expect(stored[0]!.t).toContain("Bearer [redacted]"); // the run's error, and the search memory indexed from it
    for (const [where, text] of [["responses", responses.join("\n")], ["logs", server.logs()], ["database", stored[0]!.t]] as const) {
      expect([where, text.includes(TOKEN), text.includes(encodeURIComponent(TOKEN)), text.includes(KEY)]).toEqual([where, false, false, false]);
    }
  });
});

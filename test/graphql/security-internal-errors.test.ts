import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INTERNAL_MESSAGE } from "../../src/server/errors.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// An unexpected error (the database refusing a row, Node's EISDIR, a stack overflow) reaches a client only as a
// generic message with a code, and a request id under which the real error is logged; nothing of its own text is
// returned or stored where the org can read it.
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const INTERNAL_TEXT = /select |insert |update |Failed query|params:|EISDIR|call stack|no_spend_666|marketing_facts|constraint|trigger|\.ts:\d+/i;
// The second row's spend is refused by a check constraint the test adds to the facts table.
const CSV = "Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value\n2024-05-01,Brand,USD,10.00,100,3,1,9.00\n2024-05-02,Brand,USD,666.00,100,3,1,9.00\n";
const IMPORT_STOPPED = "The import stopped on an internal error after 2 rows; import the file again.";

// A csv connection's file, for a sync whose data quality report the database refuses to store.
const importDir = mkdtempSync(join(tmpdir(), "liftgate-internal-errors-"));
writeFileSync(join(importDir, "meta.csv"), "Day,Campaign name,Amount spent (USD),Clicks\n2024-03-01,Spring,10.50,3\n");

let server: TestServer;
let base: string;
let admin: string;
const bodies: string[] = [];
const auth = (key: string) => ({ authorization: `Bearer ${key}` });

async function json(res: Response): Promise<any> {
  const text = await res.text();
  bodies.push(text);
  return JSON.parse(text);
}
async function call(query: string, variables?: Record<string, unknown>) {
  const r = await gql(server.url, admin, query, variables);
  bodies.push(JSON.stringify(r));
  return r;
}
/** The log line that carries `requestId`. */
const logOf = (requestId: string) => server.logs().split("\n").find((l) => l.includes(requestId)) ?? "";

beforeAll(async () => {
  server = await startTestServer({ LIFTGATE_PLUGINS: "./test/fixtures/plugins/faulty-plugin.ts", LIFTGATE_ENCRYPTION_KEY: "cd".repeat(32), IMPORT_DIR: importDir });
  base = server.url.replace(/\/graphql$/, "");
  admin = await (await server.createOrg("Acme")).key("admin");
  await server.app.database.db.execute(sql.raw("alter table marketing_facts add constraint no_spend_666 check (spend <> 666)"));
});
afterAll(async () => {
  await (await syncEngineOf(server.app)).shutdown();
  await server.close();
});

describe("an import whose load fails inside the database", () => {
  it("POST /imports/csv answers INTERNAL_SERVER_ERROR with a request id; the log holds the database's error under that id", async () => {
    const res = await fetch(`${base}/imports/csv?platform=google_ads`, { method: "POST", headers: { "content-type": "text/csv", ...auth(admin) }, body: CSV });
    const body = await json(res);
    const requestId = body.errors?.[0]?.extensions?.requestId as string;
    expect([res.status, body]).toEqual([500, { errors: [{ message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }] }]);
    expect(requestId).toMatch(new RegExp(`^${UUID}$`));
    expect(logOf(requestId)).toContain("no_spend_666");
  });

  it("the importCsv mutation answers the same, with its own request id", async () => {
    const mutation = `mutation($csv: String!) { importCsv(input: { platform: "google_ads", csv: $csv }) { batch { id } } }`;
    const r = await call(mutation, { csv: CSV });
    const requestId = r.errors?.[0]?.extensions?.requestId as string;
    expect(r.errors).toEqual([{ message: INTERNAL_MESSAGE, path: ["importCsv"], locations: [{ line: 1, column: mutation.indexOf("importCsv") + 1 }], extensions: { code: "INTERNAL_SERVER_ERROR", requestId } }]);
    expect(requestId).toMatch(new RegExp(`^${UUID}$`));
    expect(logOf(requestId)).toContain("no_spend_666");
  });

  it("the failed batches say only that an internal error stopped them, in GET /imports, GET /imports/<id> and importBatches", async () => {
    const list = await json(await fetch(`${base}/imports`, { headers: auth(admin) }));
    expect(list.batches.map((b: { status: string; error: string; rowsRead: number }) => [b.status, b.error, b.rowsRead])).toEqual([
      ["failed", IMPORT_STOPPED, 2], ["failed", IMPORT_STOPPED, 2],
    ]);
    const one = await json(await fetch(`${base}/imports/${list.batches[0].id}`, { headers: auth(admin) }));
    expect([one.batch.status, one.batch.error]).toEqual(["failed", IMPORT_STOPPED]);
    const gqlList = await call("{ importBatches(first: 10) { edges { node { status error } } } }");
    expect(gqlList.data!.importBatches.edges).toEqual([{ node: { status: "failed", error: IMPORT_STOPPED } }, { node: { status: "failed", error: IMPORT_STOPPED } }]);
  });
});

describe("a connector that fails with Node's own error (EISDIR)", () => {
  let connectionId: string;
  beforeAll(async () => {
    const r = await call(`mutation { createConnection(input: { pluginId: "faulty", name: "faulty", config: {} }) { id } }`);
    connectionId = r.data!.createConnection.id;
  });

  it("testConnection answers ok: false with a generic reason and a request id; the log holds EISDIR under that id", async () => {
    const r = await call("mutation($id: ID!) { testConnection(id: $id) { ok reason } }", { id: connectionId });
    const { ok, reason } = r.data!.testConnection as { ok: boolean; reason: string };
    const requestId = /request id (\S+)\)/.exec(reason)?.[1] ?? "";
    expect([ok, reason]).toEqual([false, `The check stopped on an internal error (request id ${requestId}); the error was logged. Try again, or quote the request id when you report it.`]);
    expect(requestId).toMatch(new RegExp(`^${UUID}$`));
    expect(logOf(requestId)).toContain("EISDIR");
  });

  it("a sync run fails with a generic error naming the run; the log holds EISDIR", async () => {
    const started = await call("mutation($i: StartSyncInput!) { startSync(input: $i) { id } }", { i: { connectionId, range: { start: "2024-05-01", end: "2024-05-02" } } });
    const runId = started.data!.startSync.id as string;
    await (await syncEngineOf(server.app)).wait(runId);
    const run = await call("query($id: ID!) { syncRun(id: $id) { status error errorCode } }", { id: runId });
    expect(run.data!.syncRun).toEqual({ status: "failed", error: `Internal error during sync run ${runId}; see the server log.`, errorCode: "INTERNAL_SERVER_ERROR" });
    expect(server.logs().split("\n").some((l) => l.includes(runId) && l.includes("EISDIR"))).toBe(true);
  });
});

describe("a sync whose data quality checks fail inside the database", () => {
  it("succeeds with a warning that names a request id, not the database's error; the log holds it under that id", async () => {
    await server.app.database.db.execute(sql.raw(`create function refuse_quality_report() returns trigger language plpgsql as $$
      begin if new.quality_report is not null then raise exception 'quality_report refused by a test trigger'; end if; return new; end $$`));
    await server.app.database.db.execute(sql.raw("create trigger refuse_quality_report before update on sync_runs for each row execute function refuse_quality_report()"));
    const created = await call(`mutation { createConnection(input: { pluginId: "csv", name: "meta file", config: { path: "meta.csv", platform: "meta" } }) { id } }`);
    const started = await call("mutation($i: StartSyncInput!) { startSync(input: $i) { id } }", { i: { connectionId: created.data!.createConnection.id, range: { start: "2024-03-01", end: "2024-03-31" } } });
    const runId = started.data!.startSync.id as string;
    await (await syncEngineOf(server.app)).wait(runId);
    const run = await call("query($id: ID!) { syncRun(id: $id) { status recordsWritten qualityReport { score } progress { warnings } } }", { id: runId });
    const warnings = run.data!.syncRun.progress.warnings as string[];
    const requestId = /request id (\S+)\)/.exec(warnings[0] ?? "")?.[1] ?? "";
    expect(run.data!.syncRun).toEqual({ status: "succeeded", recordsWritten: 1, qualityReport: null, progress: { warnings: [
      `data quality checks failed on an internal error (request id ${requestId}); the loaded data is kept.`,
    ] } });
    expect(requestId).toMatch(new RegExp(`^${UUID}$`));
    expect(logOf(requestId)).toContain("quality_report refused by a test trigger");
  });
});

describe("a record deep enough to overflow the stack", () => {
  it("previewTransform's records are refused as nested too deep (BAD_USER_INPUT, naming the variable), not with the stack overflow", async () => {
    const depth = 100_000;
    const record = `{"ad_id":"1","date_start":"2024-05-01","date_stop":"2024-05-01","account_currency":"USD","spend":${"[".repeat(depth)}1${"]".repeat(depth)}}`;
    // Sent as raw JSON text: JSON.stringify itself would overflow on the client.
    const res = await fetch(server.url, {
      method: "POST", headers: { "content-type": "application/json", ...auth(admin) },
      body: `{"query":"query($r: [JSON!]!) { previewTransform(input: { pluginId: \\"meta-ads\\", stream: \\"ad_insights\\", records: $r }) { facts { spend } rejects { index reason } } }","variables":{"r":[${record}]}}`,
    });
    const body = await json(res);
    // The variable guard (src/server/variable-guard.ts) refuses it before anything walks it.
    expect([res.status, body]).toEqual([400, { errors: [{ message: "Variable $r is nested more than 64 levels deep; flatten it.", extensions: { code: "BAD_USER_INPUT" } }] }]);
  });
});

describe("every answer above", () => {
  it("holds no SQL, database object names, Node error codes, stack overflow text or source locations", () => {
    expect(bodies).toHaveLength(13);
    for (const b of bodies) expect(b).not.toMatch(INTERNAL_TEXT);
  });
});

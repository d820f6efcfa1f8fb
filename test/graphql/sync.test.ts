import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { eq } from "drizzle-orm";
import { memoryItems } from "../../src/db/tables/index.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { codes, gql } from "../helpers/graphql.js";
import {
  ConnectionConfigsDocument, ConnectionDocument, ConnectorsDocument, CreateConnectionDocument, IngestRecordsDocument, PreviewTransformDocument,
  RetransformDocument, StartSyncDocument, SyncRunDocument, SyncRunsOfConnectionDocument, TestConnectionDocument, UpdateConnectionDocument,
} from "../../generated/graphql.js";
import { wsClient } from "../helpers/ws.js";

const TOKEN = `tok_${randomBytes(12).toString("hex")}`;
let server: TestServer;
let emu: JsonHttpEmulator;
let a: { admin: string; viewer: string };
let b: { admin: string };
let orgAId: string;
const bodies: string[] = [];

const CREATE = CreateConnectionDocument;
/** A typed request whose response body is kept, to check that no secret ever appears in one. */
async function call<T, V>(key: string, query: TypedDocumentNode<T, V>, variables?: V) {
  const r = await gql(server.url, key, query, variables);
  bodies.push(JSON.stringify(r));
  return r;
}
async function createConn(key: string, over: Record<string, unknown> = {}) {
  const r = await call(key, CREATE, { input: { pluginId: "json-http", name: "Reports", config: { ...emu.config, pageSize: 10 }, ...over } });
  return r.data!.createConnection;
}
async function waitRun(runId: string) {
  await (await syncEngineOf(server.app)).wait(runId);
}

beforeAll(async () => {
  emu = await startJsonHttpEmulator({ token: TOKEN, campaigns: 1, adsPerCampaign: 2, lastDate: "2030-12-31" });
  server = await startTestServer({ LIFTGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex") });
  const orgA = await server.createOrg("Alpha");
  const orgB = await server.createOrg("Beta");
  orgAId = orgA.orgId;
  a = { admin: await orgA.key("admin"), viewer: await orgA.key("viewer") };
  b = { admin: await orgB.key("admin") };
});
afterAll(async () => { await (await syncEngineOf(server.app)).shutdown(); await server.close(); await emu.close(); });

describe("connections over GraphQL", () => {
  it("creates a connection and returns only non-secret config plus the names of the secrets set", async () => {
    const r = await call(a.admin, CREATE, { input: { pluginId: "json-http", name: "Reports", config: emu.config } });
    expect(r.data!.createConnection).toMatchObject({ pluginId: "json-http", secretsSet: ["token"], status: "active", landRaw: false });
    expect(r.data!.createConnection.config).toEqual({ baseUrl: emu.url, path: "/report", accountId: "acct_1", currency: "USD", platform: "json_http", pageSize: 1000, lookbackDays: 3 });
  });

  it("rejects a bad config with field-level errors", async () => {
    const r = await call(a.admin, CREATE, { input: { pluginId: "json-http", name: "Bad", config: { baseUrl: "nope", token: "", accountId: "x" } } });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.errors![0]!.extensions!.fields).toEqual([
      { field: "config.baseUrl", message: "baseUrl must be an http(s) URL such as https://reports.example.com" },
      { field: "config.token", message: "token is required: the bearer token the endpoint expects" },
    ]);
  });

  it("lets only admins create connections", async () => {
    const r = await call(a.viewer, CREATE, { input: { pluginId: "json-http", name: "X", config: emu.config } });
    expect(codes(r)).toEqual(["FORBIDDEN"]);
  });

  it("lists connectors with their config JSON Schema, secret fields write-only", async () => {
    const r = await call(a.viewer, ConnectorsDocument);
    const json = r.data!.connectors.find((c) => c.id === "json-http")!;
    expect(json.secretFields).toEqual(["token"]);
    expect(json.configSchema).toMatchObject({ properties: { token: { writeOnly: true } } });
    expect(json.capabilities.maxWindowDays).toBe(31);
    expect(json.streams).toEqual([{ name: "daily", grain: "ad × day" }]);
  });

  it("tests a connection: ok with the right token, a re-authorize reason with an expired one", async () => {
    const { id } = await createConn(a.admin);
    const ok = await call(a.admin, TestConnectionDocument, { id });
    expect(ok.data!.testConnection).toEqual({ ok: true, reason: null });
    emu.set({ faults: { expiredToken: true } });
    const bad = await call(a.admin, TestConnectionDocument, { id });
    emu.set({ faults: {} });
    expect(bad.data!.testConnection.ok).toBe(false);
    expect(bad.data!.testConnection.reason).toMatch(/rejected the credentials .*Re-authorize the connection/);
  });

  it("keeps another organization's connection invisible", async () => {
    const { id } = await createConn(a.admin);
    const r = await call(b.admin, ConnectionDocument, { id });
    expect(codes(r)).toEqual(["NOT_FOUND"]);
  });
});

describe("sync progress subscription", () => {
  it("streams every phase of a run in order to its org, and nothing to another org", async () => {
    const { id } = await createConn(a.admin);
    const seenA: any[] = [];
    const seenB: any[] = [];
    const ca = wsClient(server.wsUrl, a.viewer);
    const cb = wsClient(server.wsUrl, b.admin);
    const fields = "runId seq phase status windowIndex windowCount recordsRead recordsWritten percent error";
    const done = new Promise<void>((resolve, reject) => {
      ca.subscribe({ query: `subscription($c: ID) { syncProgress(connectionId: $c) { ${fields} } }`, variables: { c: id } }, {
        next: (v) => { seenA.push(v.data!.syncProgress); if ((v.data!.syncProgress as any).phase === "finished") resolve(); },
        error: reject, complete: () => {},
      });
    });
    cb.subscribe({ query: `subscription { syncProgress { ${fields} } }` }, { next: (v) => void seenB.push(v), error: () => {}, complete: () => {} });
    // The same operation text and role as Beta's first one, on Alpha's key: shared delivery groups are per org.
    const seenA2: any[] = [];
    const ca2 = wsClient(server.wsUrl, a.admin);
    ca2.subscribe({ query: `subscription { syncProgress { ${fields} } }` }, { next: (v) => void seenA2.push(v.data!.syncProgress), error: (e) => void seenA2.push({ error: String((e as Error).message ?? JSON.stringify(e)) }), complete: () => {} });
    cb.subscribe({ query: `subscription($c: ID) { syncProgress(connectionId: $c) { ${fields} } }`, variables: { c: id } }, { next: (v) => void seenB.push(v), error: () => {}, complete: () => {} });
    // graphql-ws does not say when a subscription is live; on a loaded machine 300 ms missed the run's first event.
    await new Promise((r) => setTimeout(r, 1000));
    const start = await call(a.admin, StartSyncDocument, { input: { connectionId: id, range: { start: "2024-01-01", end: "2024-02-15" } } });
    const runId = start.data!.startSync.id;
    await done;
    await waitRun(runId);
    await new Promise((r) => setTimeout(r, 100));
    await ca.dispose(); await cb.dispose(); await ca2.dispose();
    expect(seenA.map((e) => e.seq)).toEqual(seenA.map((_, i) => i + 1));
    // Reading and loading flip per chunk, throttled with the counters (≤ 10 events/s): some flips are coalesced away.
    expect(seenA.map((e) => e.phase).filter((p, i, arr) => p !== arr[i - 1]).join(" ")).toMatch(/^queued planning reading( loading reading)*( loading)? finalizing finished$/);
    expect(seenA.at(-1)).toMatchObject({ runId, phase: "finished", status: "succeeded", percent: 100, recordsWritten: 46 * 2, windowCount: 2, error: null });
    expect(seenB).toEqual([]);
    expect(seenA2).toEqual(seenA);
    // The ended run queued an index-memory job: search memory learns the run, in its org.
    const indexed = async () => (await server.app.database.db.select({ orgId: memoryItems.orgId }).from(memoryItems).where(eq(memoryItems.refKey, `sync_run:${runId}`))).map((r) => r.orgId);
    for (let i = 0; i < 100 && !(await indexed()).length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await indexed()).toEqual([orgAId]);
  });
});

describe("sync runs", () => {
  it("pages history newest first and refuses a second active run", async () => {
    const { id } = await createConn(a.admin);
    const start = (range: { start: string; end: string }) => call(a.admin, StartSyncDocument, { input: { connectionId: id, range } });
    const r1 = (await start({ start: "2024-01-01", end: "2024-01-03" })).data!.startSync.id;
    await waitRun(r1);
    emu.set({ faults: { slowEvery: 1, slowMs: 300 } });
    const r2 = (await start({ start: "2024-01-04", end: "2024-01-05" })).data!.startSync.id;
    const again = await start({ start: "2024-01-04", end: "2024-01-05" });
    emu.set({ faults: {} });
    expect(codes(again)).toEqual(["CONFLICT"]);
    await waitRun(r2);
    const q = SyncRunsOfConnectionDocument;
    const p1 = await call(a.viewer, q, { connectionId: id });
    expect(p1.data!.syncRuns.edges.map((e) => e.node)).toEqual([{ id: r2, status: "succeeded", recordsWritten: 4 }]);
    expect(p1.data!.syncRuns.pageInfo.hasNextPage).toBe(true);
    const p2 = await call(a.viewer, q, { connectionId: id, after: p1.data!.syncRuns.pageInfo.endCursor });
    expect(p2.data!.syncRuns.edges.map((e) => e.node)).toEqual([{ id: r1, status: "succeeded", recordsWritten: 6 }]);
    expect(p2.data!.syncRuns.pageInfo.hasNextPage).toBe(false);
    const other = await call(b.admin, q, { connectionId: id });
    expect(other.data!.syncRuns.edges).toEqual([]);
  });

  it("ingests raw records, previews without storing, and retransforms from landed raw records", async () => {
    const { id } = await createConn(a.admin, { landRaw: true });
    const rows = emu.rows("2024-05-01", "2024-05-01");
    const ing = await call(a.admin, IngestRecordsDocument,
      { input: { connectionId: id, stream: "daily", records: [...rows, { date: "2024-13-01", campaign_id: "c" }] } });
    expect(ing.data!.ingestRecords).toEqual({ received: 3, factsWritten: 2, entitiesWritten: 3, rejected: 1, rejects: [{ index: 2, field: "date", reason: 'date "2024-13-01" is not a YYYY-MM-DD calendar date' }] });
    const prev = await call(a.viewer, PreviewTransformDocument,
      { input: { pluginId: "json-http", stream: "daily", records: [rows[0], { date: "2024-05-01", campaign_id: "c", spend: "abc" }], config: { currency: "EUR" } } });
    expect(prev.data!.previewTransform.facts).toHaveLength(1);
    expect(prev.data!.previewTransform.facts[0]).toMatchObject({ platform: "json_http", date: "2024-05-01", adId: "ad_1", spend: rows[0]!.spend, currency: "USD" });
    expect(prev.data!.previewTransform.rejects).toEqual([{ index: 1, reason: 'spend must be a decimal number, got "abc"' }]);
    const re = await call(a.admin, RetransformDocument, { connectionId: id });
    expect(re.data!.retransform).toEqual({ recordsRead: 2, factsWritten: 2, rejected: 0 });
  });
});

describe("secrets", () => {
  it("never appear in any response, error or log line", async () => {
    const { id } = await createConn(a.admin);
    emu.set({ faults: { expiredToken: true } });
    const run = await call(a.admin, StartSyncDocument, { input: { connectionId: id, range: { start: "2024-01-01", end: "2024-01-02" } } });
    await waitRun(run.data!.startSync.id);
    emu.set({ faults: {} });
    const failed = await call(a.admin, SyncRunDocument, { id: run.data!.startSync.id });
    expect(failed.data!.syncRun.status).toBe("failed");
    await call(a.admin, ConnectionConfigsDocument);
    await call(a.admin, UpdateConnectionDocument, { id, input: { config: { token: "" } } });
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(body).not.toContain(TOKEN);
    expect(server.logs().length).toBeGreaterThan(1000);
    expect(server.logs()).not.toContain(TOKEN);
  });
});

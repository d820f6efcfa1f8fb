import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { connections, syncState } from "../../src/db/tables/index.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { getSyncRun } from "../../src/sync/sync-engine.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, settle, syncFixture } from "./sync-fixture.js";

let database: Database;
let emu: JsonHttpEmulator;
beforeAll(async () => {
  database = await createTestDatabase();
  emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 3 });
});
afterAll(async () => { await emu.close(); await database.close(); });

async function setup(config: Record<string, unknown> = {}, extra: Parameters<typeof syncFixture>[1] = []) {
  const f = syncFixture(database, extra);
  const scope = await newOrg(database);
  const conn = await createConnection(scope, f.deps, { pluginId: config.pluginId as string ?? "json-http", name: "Reports", config: { ...emu.config, pageSize: 7, ...config, pluginId: undefined } });
  return { ...f, scope, conn };
}
const totals = (db: Database, source: string) =>
  queryRows<{ n: number; spend: string; conv: string }>(db.db, sql`select count(*)::int as n, sum(spend)::text as spend, sum(conversions)::text as conv from marketing_facts where source = ${source}`).then((r) => r[0]!);
const expected = (start: string, end: string, bump = 0) => {
  const rows = emu.rows(start, end);
  return { n: rows.length, spend: rows.reduce((s, r) => s + Math.round(Number(r.spend) * 100), 0) / 100, conv: rows.reduce((s, r) => s + Number(r.conversions), 0) + bump * 0 };
};

describe("sync engine with the json-http emulator", () => {
  it("backfills a range in windows capped by maxWindowDays and loads exactly the emulator's rows", async () => {
    const { engine, scope, conn, seen } = await setup();
    const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-03-10" } });
    expect(await engine.wait(run.id)).toBe("succeeded");
    const t = await totals(database, conn.id);
    const want = expected("2024-01-01", "2024-03-10");
    expect(t.n).toBe(70 * 6);
    expect(Number(t.spend)).toBeCloseTo(want.spend, 6);
    expect(Number(t.conv)).toBe(want.conv);
    const done = await getSyncRun(scope, run.id);
    expect([done.status, done.recordsRead, done.recordsWritten, done.recordsRejected]).toEqual(["succeeded", 420, 420, 0]);
    const quality = done.qualityReport as { dateRange: unknown; connectionId: string; rules: { rule: string; failed: number }[] };
    expect([quality.dateRange, quality.connectionId, quality.rules.filter((r) => r.failed > 0 && r.rule !== "stale_connection").map((r) => r.rule)]).toEqual([
      { from: "2024-01-01", to: "2024-03-10" }, conn.id, [],
    ]);
    await settle();
    const mine = seen.filter((e) => e.runId === run.id);
    const windows = new Map(mine.filter((e) => e.windowIndex).map((e) => [e.windowIndex, [e.windowIndex, e.windowCount, e.windowStart, e.windowEnd]]));
    expect([...windows.values()]).toEqual([[1, 3, "2024-01-01", "2024-01-31"], [2, 3, "2024-02-01", "2024-03-02"], [3, 3, "2024-03-03", "2024-03-10"]]);
    const phases = mine.map((e) => e.phase).filter((p, i, a) => p !== a[i - 1]).join(" ");
    expect(phases).toMatch(/^queued planning (reading loading )+finalizing finished$/);
    expect(mine.at(-1)).toMatchObject({ phase: "finished", status: "succeeded", percent: 100, recordsWritten: 420 });
    expect(mine.map((e) => e.seq)).toEqual(mine.map((_, i) => i + 1));
  });

  it("re-reads only the lookback on the next incremental sync, picking up restated values without duplicates", async () => {
    const { engine, scope, conn } = await setup({ lookbackDays: 3 });
    const first = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-03-01", end: "2024-03-20" } });
    await engine.wait(first.id);
    const [state] = await database.db.select().from(syncState).where(eq(syncState.connectionId, conn.id));
    expect(state!.state).toEqual({ cursor: "2024-03-20", plugin: { through: "2024-03-20" } });
    const before = emu.requests.length;
    emu.set({ bump: 1 });
    try {
      const second = await engine.start(scope, { connectionId: conn.id });
      expect(await engine.wait(second.id)).toBe("succeeded");
    } finally { emu.set({ bump: 0 }); }
    const windows = [...new Set(emu.requests.slice(before).map((r) => `${r.start}..${r.end}`))];
    expect(windows).toEqual(["2024-03-18..2024-03-31"]);
    const t = await totals(database, conn.id);
    expect(t.n).toBe(31 * 6);
    const restated = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from marketing_facts where source = ${conn.id} and date >= '2024-03-18'`);
    expect(Number(t.conv)).toBe(expected("2024-03-01", "2024-03-31").conv + restated[0]!.n);
  });

  it("rejects rows that break a rule, with reasons and counts, and loads the rest", async () => {
    const bad = { ...jsonHttpPlugin, id: "json-http-bad", normalize: (s: string, r: unknown, c: { config: any }) => {
      const out = jsonHttpPlugin.normalize(s, r, c);
      return (r as { ad_id: string }).ad_id === "ad_1" ? { ...out, facts: out.facts.map((f) => ({ ...f, spend: "-5" })) } : out;
    } };
    const { engine, scope, conn } = await setup({ pluginId: "json-http-bad" }, [bad]);
    const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-02-01", end: "2024-02-10" } });
    await engine.wait(run.id);
    const done = await getSyncRun(scope, run.id);
    expect([done.status, done.recordsRead, done.recordsWritten, done.recordsRejected]).toEqual(["succeeded", 60, 50, 10]);
    expect(done.rejects!.counts).toEqual({ "spend: spend is negative": 10 });
    expect(done.rejects!.samples[0]).toEqual({ stream: "daily", key: "2024-02-01|acct_1|cmp_1|ad_1", field: "spend", reason: "spend is negative" });
  });

  it("allows one active run per connection", async () => {
    const { engine, scope, conn } = await setup();
    emu.set({ faults: { slowEvery: 1, slowMs: 200 } });
    try {
      const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-01-05" } });
      const err = await engine.start(scope, { connectionId: conn.id }).then(() => undefined as any, (e: any) => e);
      expect(err.code).toBe("CONFLICT");
      expect(err.message).toBe(`A sync of this connection is already active (run ${run.id}); cancel it or wait for it to finish.`);
      await engine.wait(run.id);
    } finally { emu.set({ faults: {} }); }
  });

  it("cancels a running sync, keeping what it committed and nothing half-written", async () => {
    const { engine, scope, conn, seen } = await setup();
    emu.set({ faults: { slowEvery: 1, slowMs: 100 } });
    try {
      const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-06-30" } });
      await new Promise((r) => setTimeout(r, 400));
      const cancelled = await engine.cancel(scope, run.id);
      expect(cancelled.status).toBe("cancelled");
      await settle();
      expect(seen.filter((e) => e.runId === run.id).at(-1)).toMatchObject({ phase: "finished", status: "cancelled" });
      const t = await totals(database, conn.id);
      expect(t.n).toBe(cancelled.recordsWritten);
    } finally { emu.set({ faults: {} }); }
  });

  it("retries 429s, 503s and truncated JSON, reporting rate-limit waits, and ends with the same facts", async () => {
    const { engine, scope, conn, seen } = await setup();
    emu.set({ faults: { rateLimitEvery: 3, retryAfterSeconds: 0, errorEvery: 5, truncateEvery: 7 } });
    try {
      const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-01-20" } });
      expect(await engine.wait(run.id)).toBe("succeeded");
    } finally { emu.set({ faults: {} }); }
    expect((await totals(database, conn.id)).n).toBe(120);
    await settle();
    const waits = seen.filter((e) => e.connectionId === conn.id && e.rateLimit);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits[0]!.rateLimit).toEqual({ reason: "JSON endpoint " + new URL(emu.url).host + " is throttling requests (HTTP 429: Too many requests)", waitMs: 0 });
  });

  it("fails on an expired token with a re-authorize message, marks the connection, and commits nothing", async () => {
    const { engine, scope, conn } = await setup();
    emu.set({ faults: { expiredToken: true } });
    try {
      const run = await engine.start(scope, { connectionId: conn.id, range: { start: "2024-01-01", end: "2024-01-05" } });
      expect(await engine.wait(run.id)).toBe("failed");
      const done = await getSyncRun(scope, run.id);
      expect(done.errorCode).toBe("UPSTREAM_ERROR");
      expect(done.error).toMatch(/rejected the credentials .* Re-authorize the connection/);
    } finally { emu.set({ faults: {} }); }
    const [c] = await database.db.select().from(connections).where(and(eq(connections.id, conn.id)));
    expect(c!.status).toBe("needs_reauth");
    expect((await totals(database, conn.id)).n).toBe(0);
  });

  it("rejects an unknown stream naming the valid ones", async () => {
    const { engine, scope, conn } = await setup();
    const run = await engine.start(scope, { connectionId: conn.id, streams: ["hourly"] });
    expect(await engine.wait(run.id)).toBe("failed");
    expect((await getSyncRun(scope, run.id)).error).toBe("Unknown stream hourly; this connection offers daily.");
  });
});

import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createEventBus } from "../../src/events.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import type { ConnectorPlugin, Message, ReadRequest, Sandbox } from "../../src/plugins/types.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine, getSyncRun } from "../../src/sync/sync-engine.js";
import { addDays } from "../../src/sync/windows.js";
import { createTestDatabase } from "../helpers/db.js";

/** A fault the plugin's emulator can inject, and how a sync must end under it. */
export interface ContractFault {
  name: string;
  /** Turn the fault on (e.g. `(s) => s.set({ faults: { errorEvery: 3 } })`). */
  apply: (sandbox: Sandbox & Record<string, any>) => void;
  /** Turn it off again. */
  clear: (sandbox: Sandbox & Record<string, any>) => void;
  /** "succeeded": retried through; "failed": a clear failed status with an error code. */
  expect: "succeeded" | "failed";
}

export interface ContractOptions {
  /** Options for the plugin's sandbox factory. */
  sandboxOptions?: Record<string, unknown>;
  /** Config overrides merged over the sandbox's config for every sync (e.g. a small page size). */
  configOverrides?: Record<string, unknown>;
  /** A config the spec must reject, and the field its error must name. */
  brokenConfig: { config: Record<string, unknown>; field: string };
  /** Overrides that make the sandbox refuse the credentials (e.g. { token: "wrong" }). */
  badCredentials: Record<string, unknown>;
  /** A range the emulator has data for; `today` is pinned to its end. */
  range: { start: string; end: string };
  faults?: ContractFault[];
}

const silent = pino({ level: "silent" });
const ctxOf = (today: string) => ({ logger: silent, signal: new AbortController().signal, now: () => new Date(`${today}T12:00:00Z`) });

/**
 * The connector contract (issue 3 §8), run against a plugin and its emulator: spec, check, discover,
 * read, incremental re-read of only the lookback with no duplicates, and faults ending in a retry or
 * a clear failure with nothing committed twice. Call it at the top level of a test file.
 */
export function runConnectorContract(plugin: ConnectorPlugin<any>, options: ContractOptions) {
  describe(`${plugin.id} connector contract`, () => {
    let database: Database;
    let sandbox: Sandbox & Record<string, any>;
    let scope: OrgScope;
    const reads: ReadRequest[] = [];
    const spied: ConnectorPlugin<any> = { ...plugin, read: (c, r, x) => { reads.push(r); return plugin.read(c, r, x); } };
    const box = createSecretBox(randomBytes(32));
    const deps = () => ({ registry: createPluginRegistry([spied]), box, logger: silent });
    const engine = () => createSyncEngine({ ...deps(), database, events: createEventBus(), workerId: `contract:${process.pid}`, now: () => new Date(`${options.range.end}T12:00:00Z`) });
    const config = () => ({ ...sandbox.config, ...options.configOverrides });
    const factCount = async (source: string) => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from marketing_facts where source = ${source}`))[0]!.n;
    const syncOnce = async (connectionId: string, range?: { start: string; end: string }) => {
      const e = engine();
      const run = await e.start(scope, { connectionId, range });
      await e.wait(run.id);
      return getSyncRun(scope, run.id);
    };
    let cleanFacts = 0;

    beforeAll(async () => {
      if (!plugin.sandbox) throw new Error(`${plugin.id} has no sandbox; the contract runs against the plugin's emulator.`);
      database = await createTestDatabase();
      sandbox = (await plugin.sandbox(options.sandboxOptions)) as Sandbox & Record<string, any>;
      const [org] = await database.db.insert(organizations).values({ name: "Contract", slug: `contract-${plugin.id}-${randomBytes(3).toString("hex")}` }).returning();
      scope = orgScope(database, org!.id);
    });
    afterAll(async () => { await sandbox?.close(); await database?.close(); });

    it("spec accepts the sample and sandbox configs and rejects a broken one, naming the field", () => {
      expect(plugin.spec.safeParse(plugin.sampleConfig).success).toBe(true);
      expect(plugin.spec.safeParse(config()).success).toBe(true);
      const broken = plugin.spec.safeParse(options.brokenConfig.config);
      expect(broken.success).toBe(false);
      expect(broken.error!.issues.map((i) => i.path.join("."))).toContain(options.brokenConfig.field);
    });

    it("check passes against the emulator and fails cleanly on bad credentials, without echoing them", async () => {
      expect(await plugin.check(plugin.spec.parse(config()), ctxOf(options.range.end))).toEqual({ ok: true });
      const bad = await plugin.check(plugin.spec.parse({ ...config(), ...options.badCredentials }), ctxOf(options.range.end));
      expect(bad.ok).toBe(false);
      expect(bad.reason).toEqual(expect.any(String));
      for (const v of Object.values(options.badCredentials)) if (typeof v === "string" && v.length > 3) expect(bad.reason).not.toContain(v);
    });

    it("discover names each stream's grain and key, and a cursor for daily streams", async () => {
      const streams = await plugin.discover(plugin.spec.parse(config()), ctxOf(options.range.end));
      expect(streams.length).toBeGreaterThan(0);
      for (const s of streams) {
        expect([s.name.length > 0, s.grain.length > 0, s.primaryKey.length > 0, ["facts", "entities"].includes(s.kind)]).toEqual([true, true, true, true]);
        if (s.kind === "facts") expect(s.cursorField).toEqual(expect.any(String));
      }
    });

    it("read yields records and state for the range", async () => {
      const messages: Message[] = [];
      const window = { start: addDays(options.range.end, -Math.min(6, plugin.capabilities.maxWindowDays - 1)), end: options.range.end };
      for await (const m of plugin.read(plugin.spec.parse(config()), { streams: [], ...window, state: {} }, ctxOf(options.range.end))) messages.push(m);
      expect(messages.filter((m) => m.type === "record").length).toBeGreaterThan(0);
      expect(messages.filter((m) => m.type === "state").length).toBeGreaterThan(0);
    });

    it("a second sync from saved state re-reads only the lookback and leaves no duplicate fact", async () => {
      const conn = await createConnection(scope, deps(), { pluginId: plugin.id, name: "contract", config: config() });
      const first = await syncOnce(conn.id, options.range);
      expect([first.status, first.error]).toEqual(["succeeded", null]);
      cleanFacts = await factCount(conn.id);
      expect(cleanFacts).toBeGreaterThan(0);
      reads.length = 0;
      const second = await syncOnce(conn.id);
      expect(second.status).toBe("succeeded");
      const lookback = typeof config().lookbackDays === "number" ? (config().lookbackDays as number) : plugin.capabilities.defaultLookbackDays;
      // Entity streams are not date-windowed; the lookback applies to daily (facts) streams.
      const daily = (await plugin.discover(plugin.spec.parse(config()), ctxOf(options.range.end))).filter((s) => s.kind === "facts").map((s) => s.name);
      const earliest = reads.filter((r) => r.streams.some((s) => daily.includes(s))).map((r) => r.start).sort()[0];
      // With no lookback there is nothing to re-read (today is the range's end), so no read at all.
      expect(earliest).toBe(lookback > 0 ? addDays(options.range.end, 1 - lookback) : undefined);
      expect(await factCount(conn.id)).toBe(cleanFacts);
    });

    for (const fault of options.faults ?? []) {
      it(`under "${fault.name}" the sync ${fault.expect === "succeeded" ? "retries through to the same facts" : "fails clearly with nothing committed twice"}`, async () => {
        const conn = await createConnection(scope, deps(), { pluginId: plugin.id, name: fault.name, config: config() });
        fault.apply(sandbox);
        let run;
        try { run = await syncOnce(conn.id, options.range); } finally { fault.clear(sandbox); }
        expect(run.status).toBe(fault.expect);
        if (fault.expect === "succeeded") expect(await factCount(conn.id)).toBe(cleanFacts);
        else {
          expect([run.error!.length > 0, run.errorCode !== null]).toEqual([true, true]);
          expect(await factCount(conn.id)).toBeLessThanOrEqual(cleanFacts);
          const again = await syncOnce(conn.id, options.range);
          expect([again.status, await factCount(conn.id)]).toEqual(["succeeded", cleanFacts]);
        }
      });
    }
  });
}

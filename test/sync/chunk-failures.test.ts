import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { syncRuns, syncState } from "../../src/db/tables/index.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import type { ConnectorPlugin } from "../../src/plugins/types.js";
import type { ChunkStep } from "../../src/sync/loader.js";
import { createConnection } from "../../src/sync/connection-service.js";
import type { OrgScope } from "../../src/db/scope.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

// A failure at any step of a chunk's load transaction must leave the stored facts and the stream's saved state in
// agreement (the state never claims days whose records are not all stored), and the next incremental sync must end
// with exactly the facts of an uninterrupted one. Incremental syncs from startDate to the pinned today (2024-03-31):
// 91 days × 2 ads, 25 facts per chunk, windows of 31 days.

/** json-http without its end-of-window state message: a window's last records then commit with the cursor itself. */
const statelessPlugin: ConnectorPlugin<any> = {
  ...jsonHttpPlugin,
  id: "json-http-stateless",
  async *read(config, request, ctx) {
    for await (const m of jsonHttpPlugin.read(config, request, ctx)) if (m.type !== "state") yield m;
  },
};

const STEPS: ChunkStep[] = ["facts", "entities", "raw", "state", "progress", "commit"];
const FACTS = sql`select date::text as date, account_id, campaign_id, ad_id, spend::text, impressions, clicks, conversions::text, revenue::text, currency from marketing_facts`;
type Row = Record<string, unknown> & { date: string };
const box = createSecretBox(randomBytes(32));

let database: Database;
let emu: JsonHttpEmulator;
let scope: OrgScope;
let reference: Row[];
beforeAll(async () => {
  database = await createTestDatabase();
  emu = await startJsonHttpEmulator({ campaigns: 1, adsPerCampaign: 2 });
  scope = await newOrg(database, "Chunks");
  const f = syncFixture(database, [statelessPlugin], { chunkSize: 25, box });
  const steady = await createConnection(scope, f.deps, { pluginId: "json-http", name: "steady", config: { ...emu.config, pageSize: 10, startDate: "2024-01-01" } });
  const run = await f.engine.start(scope, { connectionId: steady.id });
  expect(await f.engine.wait(run.id)).toBe("succeeded");
  reference = await factsOf(steady.id);
});
afterAll(async () => { await emu.close(); await database.close(); });

const factsOf = (source: string) => queryRows<Row>(database.db, sql`${FACTS} where source = ${source} order by date, ad_id`);
const keyOf = (r: Row) => `${r.date}|${r.ad_id}`;

/** The last day D such that every day up to D holds all of the reference's facts, exactly ("" when the first day does not). */
function completeThrough(got: Row[]): string {
  const have = new Map(got.map((r) => [keyOf(r), JSON.stringify(r)]));
  const firstMissing = reference.find((r) => have.get(keyOf(r)) !== JSON.stringify(r))?.date;
  const days = reference.map((r) => r.date);
  return firstMissing ? days.filter((d) => d < firstMissing).at(-1) ?? "" : days.at(-1)!;
}

/** Postgres connections of this database left inside a transaction (PGlite has one session and none). */
async function openTransactions(): Promise<number> {
  if (database.driver !== "postgres") return 0;
  const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
  return row!.n;
}

describe("a failure inside a chunk's load transaction", () => {
  const points = [
    // json-http ends each window with a state message: its last records commit with the plugin state, the cursor after them.
    ...STEPS.flatMap((step) => [3, 4, 6].map((chunk) => ({ pluginId: "json-http", step, chunk }))),
    // Without that message the window's last records (chunk 3) commit together with the cursor.
    ...STEPS.flatMap((step) => [3, 5].map((chunk) => ({ pluginId: "json-http-stateless", step, chunk }))),
  ];

  for (const p of points) {
    const label = `${p.pluginId} chunk ${p.chunk} before ${p.step}`;
    it(`${label}: leaves facts and stream state in agreement, and the next sync ends with exact totals`, async () => {
      let chunk = 0;
      let hit = false;
      const f = syncFixture(database, [statelessPlugin], {
        chunkSize: 25, box,
        chunkStep: (step) => {
          if (step === "facts") chunk++;
          if (chunk === p.chunk && step === p.step && !hit) { hit = true; throw new Error(`injected failure: ${label}`); }
        },
      });
      const conn = await createConnection(scope, f.deps, { pluginId: p.pluginId, name: label, config: { ...emu.config, pageSize: 10, startDate: "2024-01-01" } });
      const failed = await f.engine.start(scope, { connectionId: conn.id });
      expect(await f.engine.wait(failed.id), label).toBe("failed");
      expect(hit, label).toBe(true);
      expect(await openTransactions(), label).toBe(0);
      const [run] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, failed.id));
      expect(run!.error, label).toBe(`Internal error during sync run ${failed.id}; see the server log.`);

      // What the failed run left: only whole, correct rows, and no claim (cursor, plugin state, run progress) beyond them.
      const got = await factsOf(conn.id);
      const byKey = new Map(reference.map((r) => [keyOf(r), r]));
      for (const r of got) expect(r, label).toEqual(byKey.get(keyOf(r)));
      expect(new Set(got.map(keyOf)).size, label).toBe(got.length);
      const through = completeThrough(got);
      const [saved] = await database.db.select().from(syncState).where(and(eq(syncState.connectionId, conn.id), eq(syncState.stream, "daily")));
      const state = (saved?.state ?? {}) as { cursor?: string; plugin?: { through?: string } };
      const committed = ((run!.progress as { committed?: Record<string, string> } | null)?.committed ?? {}).daily;
      for (const [what, claim] of [["cursor", state.cursor], ["plugin state", state.plugin?.through], ["run progress", committed]] as const) {
        expect((claim ?? "") <= through, `${label}: ${what} ${claim} is ahead of the facts, complete through ${through || "nothing"}`).toBe(true);
      }

      // The next incremental sync starts from that state and ends with exactly the uninterrupted sync's facts.
      const again = syncFixture(database, [statelessPlugin], { chunkSize: 25, box });
      const rerun = await again.engine.start(scope, { connectionId: conn.id });
      expect(await again.engine.wait(rerun.id), label).toBe("succeeded");
      expect(await factsOf(conn.id), label).toEqual(reference);
      expect(reference).toHaveLength(91 * 2);
    });
  }
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { supersedable } from "../../src/events.js";
import { createPgEventBus, EVENTS_CHANNEL, type PgEventBus } from "../../src/jobs/pg-event-bus.js";
import { createPostgresUrl } from "../helpers/db.js";

let url: string, drop: () => Promise<void>;
let a: PgEventBus, b: PgEventBus;
const logger = pino({ level: "silent" });

beforeAll(async () => {
  ({ url, drop } = await createPostgresUrl());
  const db = await openDatabase({ url, max: 1 });
  await migrate(db);
  await db.close();
  a = createPgEventBus(url, logger);
  b = createPgEventBus(url, logger);
  await Promise.all([a.ready, b.ready]);
});
afterAll(async () => { await a.close(); await b.close(); await drop(); });

/** Collect `n` SYNC_PROGRESS events seen by a bus. */
function collect(bus: PgEventBus, n: number) {
  const seen: Record<string, unknown>[] = [];
  const it = bus.bus.subscribe("SYNC_PROGRESS")[Symbol.asyncIterator]();
  const done = (async () => {
    while (seen.length < n) seen.push((await it.next()).value as Record<string, unknown>);
    await it.return?.();
    return seen;
  })();
  return done;
}
const event = (seq: number, extra: Record<string, unknown> = {}) => ({ orgId: "org-1", runId: "run-1", connectionId: "conn-1", seq, ...extra });

describe("the LISTEN/NOTIFY event bus", () => {
  it("delivers events published on one instance to subscribers on another, in publish order, with large payloads by reference", async () => {
    const big = "x".repeat(20_000); // over NOTIFY's 8000-byte limit
    const got = collect(b, 50);
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 1; i <= 50; i++) a.bus.publish("SYNC_PROGRESS", event(i, i % 10 === 0 ? { note: big } : {}));
    const seen = await got;
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(seen.filter((e) => e.note === big)).toHaveLength(5);
    expect(seen[0]).toEqual(event(1));
  });

  it("keeps a payload's supersedable mark across instances, inline and by reference", async () => {
    const big = "x".repeat(20_000);
    const got = collect(b, 4);
    await new Promise((r) => setTimeout(r, 50));
    const sent = [event(101), event(102), event(103, { note: big }), event(104, { note: big })];
    supersedable.add(sent[0]!);
    supersedable.add(sent[2]!);
    for (const e of sent) a.bus.publish("SYNC_PROGRESS", e);
    const seen = await got;
    expect(seen.map((e) => [e.seq, supersedable.has(e)])).toEqual([[101, true], [102, false], [103, true], [104, false]]);
  });

  it("keeps delivering after its listening connection is killed (postgres.js reconnects and listens again)", async () => {
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    // Only this file's database: other test files listen on theirs meanwhile, on the same server.
    const killed = await admin`select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database()
      and query ilike ${`%listen%${EVENTS_CHANNEL}%`} and pid <> pg_backend_pid()`;
    expect(killed.length).toBeGreaterThanOrEqual(1);
    await admin.end();
    // Re-listening takes a moment; publish until b receives.
    const got = collect(b, 1);
    let n = 0;
    const timer = setInterval(() => a.bus.publish("SYNC_PROGRESS", event(1000 + ++n)), 100);
    const [e] = await got;
    clearInterval(timer);
    expect(e!.seq).toBeGreaterThan(1000);
  });
});

// The LISTEN/NOTIFY event bus alone (no WebSocket): instance A publishes 100 sync events, instance B has
// N local subscribers (default 1,000, as N graphql-ws subscriptions on one gateway would be); p50/p99
// latency from A's publish to each of B's subscribers, and the same through the in-process bus side by side.
// Usage: npx tsx bench/scale-out/bus-fanout.bench.ts [subscribers]   (PostgreSQL at BENCH_DATABASE_URL)
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { createEventBus, type EventBus } from "../../src/events.js";
import { createPgEventBus } from "../../src/jobs/pg-event-bus.js";
import { createPostgresUrl } from "../../test/helpers/db.js";

const n = Number(process.argv[2] ?? 1000);
const EVENTS = 100;
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };
const { url, drop } = await createPostgresUrl(process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/postgres");
const db = await openDatabase({ url, max: 1 });
await migrate(db);
await db.close();

async function measure(publisher: EventBus, receiver: EventBus): Promise<number[]> {
  const lat: number[] = [];
  const done = Array.from({ length: n }, async () => {
    const it = receiver.subscribe("SYNC_PROGRESS")[Symbol.asyncIterator]();
    for (let i = 0; i < EVENTS; i++) {
      const { value } = await it.next();
      lat.push(performance.timeOrigin + performance.now() - (value as { at: number }).at);
    }
    await it.return?.();
  });
  await new Promise((r) => setTimeout(r, 200));
  for (let i = 0; i < EVENTS; i++) {
    publisher.publish("SYNC_PROGRESS", { orgId: "o", runId: "r", connectionId: "c", seq: i + 1, at: performance.timeOrigin + performance.now() });
    await new Promise((r) => setTimeout(r, 10));
  }
  await Promise.all(done);
  return lat;
}
const logger = pino({ level: "silent" });
const a = createPgEventBus(url, logger), b = createPgEventBus(url, logger);
await Promise.all([a.ready, b.ready]);
const pg = await measure(a.bus, b.bus);
const local = createEventBus();
const inProcess = await measure(local, local);
await a.close(); await b.close(); await drop();
const row = (label: string, xs: number[]) => `${label.padEnd(34)} ${String(xs.length).padStart(9)} ${pct(xs, 0.5).toFixed(2).padStart(8)} ${pct(xs, 0.99).toFixed(2).padStart(8)} ${Math.max(...xs).toFixed(2).padStart(8)}`;
console.log([
  `${n} subscribers × ${EVENTS} events, one every 10 ms`,
  `${"".padEnd(34)} ${"delivered".padStart(9)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)}`,
  row("LISTEN/NOTIFY, A → B", pg),
  row("in-process bus", inProcess),
].join("\n"));
process.exit(0);

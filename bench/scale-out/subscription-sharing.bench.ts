// One gateway's work per sync event with N `syncProgress` subscribers, side by side in one run:
//   graphql-js's subscribe with graphql-ws's per-subscriber JSON.stringify (one execution and one serialisation
//   per subscriber per event) against the gateway's sharedSubscribe (one source stream, execution and
//   serialisation per distinct operation per event, the same JSON handed to each subscriber). Real schema, real event bus, no sockets: this is the
//   execution half of fan-out; bench/scale-out/scale-out.bench.ts measures the whole path over graphql-ws, and
//   bench/scale-out/fanout-sync.bench.ts the sync's slowdown on the gateway that runs it, with 0 vs N subscribers.
// Usage: npx tsx bench/scale-out/subscription-sharing.bench.ts [subscribers]   (default 1,000; about 20 s)
import "reflect-metadata";
import { loadavg } from "node:os";
import { parse, subscribe, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createEventBus } from "../../src/events.js";
import { buildLiftgateSchema } from "../../src/schema/build.js";
import { sharedSubscribe, type SharedMember } from "../../src/server/shared-subscribe.js";

const n = Number(process.argv[2] ?? 1000);
const EVENTS = 60;
const WARM_UP = 5; // the first events compile the resolvers' paths; not counted
const QUERY = "subscription { syncProgress { runId seq phase status stream windowIndex windowCount recordsRead recordsWritten at } }";
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]!; };

type Deliver = (json: string) => void;

async function measure(label: string, subscribeFn: (args: ExecutionArgs, deliver: Deliver) => Promise<unknown>) {
  const events = createEventBus();
  const schema = await buildLiftgateSchema(events);
  const document = parse(QUERY);
  let delivered = 0;
  let lastDelivery = 0;
  const deliver: Deliver = (json) => {
    if (json.includes('"errors"')) throw new Error(json);
    delivered++;
    lastDelivery = performance.now();
  };
  const iterators = await Promise.all(Array.from({ length: n }, async (_, i) => {
    const contextValue = { auth: { orgId: "org", role: "viewer", keyId: `key${i % 10}` }, baseUrl: "http://localhost" };
    return (await subscribeFn({ schema, document, contextValue }, deliver)) as AsyncGenerator<ExecutionResult>;
  }));
  // graphql-ws's loop: each result it receives is serialised for its socket.
  const consumers = iterators.map(async (it) => {
    for (let r = await it.next(); !r.done; r = await it.next()) deliver(JSON.stringify({ id: "1", type: "next", payload: r.value }));
  });
  await new Promise((r) => setTimeout(r, 100));
  const perEvent: number[] = [];
  let cpu = process.cpuUsage();
  for (let seq = 1; seq <= EVENTS; seq++) {
    const target = delivered + n;
    const t = performance.now();
    events.publish("SYNC_PROGRESS", { orgId: "org", runId: "run", connectionId: "c", seq, phase: "reading", status: "running", stream: "ads", windowIndex: 1, windowCount: 3, recordsRead: seq * 10, recordsWritten: seq * 9, at: new Date() } as never);
    while (delivered < target) await new Promise((r) => setImmediate(r));
    if (seq === WARM_UP) cpu = process.cpuUsage();
    if (seq > WARM_UP) perEvent.push(lastDelivery - t);
  }
  const used = process.cpuUsage(cpu);
  await Promise.all(iterators.map((it) => it.return(undefined)));
  await Promise.all(consumers);
  return { label, p50: pct(perEvent, 0.5), p99: pct(perEvent, 0.99), cpuMs: (used.user + used.system) / 1000 };
}

const members = new WeakMap<ExecutionArgs, SharedMember>();
const shared = sharedSubscribe((args) => members.get(args));
const key = (args: ExecutionArgs) => JSON.stringify([(args.contextValue as { auth: { orgId: string } }).auth.orgId, "viewer", QUERY]);
const rows = [
  await measure("graphql-js subscribe", (args) => subscribe(args) as Promise<unknown>),
  await measure("sharedSubscribe", (args, deliver) => {
    const head = '{"id":"1","type":"next","payload":';
    members.set(args, { key: key(args), send: (json) => deliver(`${head}${json}}`) });
    return shared(args);
  }),
];
console.log(`${n} subscribers × ${EVENTS - WARM_UP} events (after ${WARM_UP} to warm up), time from publish to the last subscriber's result (load average ${loadavg()[0]!.toFixed(1)})`);
console.log(`${"".padEnd(22)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"CPU ms".padStart(8)}`);
for (const r of rows) console.log(`${r.label.padEnd(22)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${r.cpuMs.toFixed(0).padStart(8)}`);
console.log(`p50 ratio ${(rows[0]!.p50 / rows[1]!.p50).toFixed(1)}×, CPU ratio ${(rows[0]!.cpuMs / rows[1]!.cpuMs).toFixed(1)}×`);
process.exit(0);

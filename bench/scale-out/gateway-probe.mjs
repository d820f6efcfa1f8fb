// Preloaded into the gateway by fanout-sync.bench.ts (NODE_OPTIONS=--import): measures inside the gateway, where the
// clients' own event loops cannot delay it, (1) each shared `next` message's write to a socket, as the time from the
// event's `at` to the socket.send call (diagnostics channel "liftgate:subscription-write"), and (2) this event loop's
// delay (perf_hooks.monitorEventLoopDelay, 10 ms resolution). On SIGUSR2 it writes what it gathered since the last
// signal to $BENCH_PROBE_OUT (one JSON object, with the signal's count) and starts again.
// Plain JavaScript: NODE_OPTIONS preloads run before the command line's tsx loader.
import { subscribe } from "node:diagnostics_channel";
import { renameSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const out = process.env.BENCH_PROBE_OUT;
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
/** @type {number[]} */
let writes = [];
let lastMessage = "";
let lastAt = 0;
subscribe("liftgate:subscription-write", (message) => {
  // One event's message is one string for all its subscribers: parse its `at` once.
  if (message !== lastMessage) {
    lastMessage = String(message);
    lastAt = Date.parse(/"at":"([^"]+)"/.exec(lastMessage)?.[1] ?? "");
  }
  writes.push(Date.now() - lastAt);
});
// When each event was queued for delivery (its text → ms), and how far after its `at`.
const queuedAt = new Map();
/** @type {number[]} */
let beforeQueue = [];
/** @type {number[]} */
let inQueue = [];
let supersedable = 0;
subscribe("liftgate:subscription-queued", (message) => {
  const { json, latestOnly } = /** @type {{ json: string; latestOnly: boolean }} */ (message);
  queuedAt.set(json, Date.now());
  beforeQueue.push(Date.now() - Date.parse(/"at":"([^"]+)"/.exec(json)?.[1] ?? ""));
  if (latestOnly) supersedable++;
});
subscribe("liftgate:subscription-write", (message) => {
  const t = queuedAt.get(message);
  if (t !== undefined) inQueue.push(Date.now() - t);
});
let count = 0;
process.on("SIGUSR2", () => {
  const ms = (/** @type {number} */ ns) => Math.round(ns / 1e4) / 100;
  const loop = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), mean: ms(delay.mean) };
  writeFileSync(`${out}.tmp`, JSON.stringify({ count: ++count, loop, writes, beforeQueue, inQueue, supersedable }));
  beforeQueue = [];
  inQueue = [];
  supersedable = 0;
  if (queuedAt.size > 10000) queuedAt.clear();
  renameSync(`${out}.tmp`, out);
  writes = [];
  delay.reset();
});

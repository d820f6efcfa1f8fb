import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createProgress } from "../../src/sync/progress.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let keyA: string;
let keyB: string;
let orgAId: string;

beforeAll(async () => {
  server = await startTestServer();
  const a = await server.createOrg("Alpha");
  orgAId = a.orgId;
  keyA = await a.key("viewer");
  keyB = await (await server.createOrg("Beta")).key("viewer");
});
afterAll(async () => { await server.close(); });

type Progress = { runId: string; seq: number; status: string; phase: string; recordsRead: number };
const QUERY = "subscription { syncProgress { runId seq status phase recordsRead warnings } }";

/** A graphql-ws subscriber on a plain `ws` socket, so the test can stop reading it (ws pause) like a slow client. */
async function subscriber(key: string) {
  const socket = new WebSocket(server.wsUrl, "graphql-transport-ws");
  const seen: Progress[] = [];
  const waiters: { until: (p: Progress) => boolean; done: () => void }[] = [];
  socket.on("message", (data) => {
    const m = JSON.parse(String(data)) as { type: string; payload?: { data?: { syncProgress: Progress } } };
    if (m.type !== "next") return;
    const p = m.payload!.data!.syncProgress;
    seen.push(p);
    for (const w of waiters.filter((x) => x.until(p))) { waiters.splice(waiters.indexOf(w), 1); w.done(); }
  });
  await new Promise((r) => socket.once("open", r));
  const acked = new Promise((r) => socket.once("message", r));
  socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } }));
  await acked;
  socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: QUERY } }));
  return {
    socket, seen,
    /** Resolves when an event matching `until` arrives. */
    next: (until: (p: Progress) => boolean) => new Promise<void>((done) => waiters.push({ until, done })),
  };
}
const turn = () => new Promise((r) => setTimeout(r, 0));

describe("syncProgress to a client that reads slower than events come", () => {
  it("skips superseded progress snapshots for that client only, in order, and still sends the latest one and the run's end", async () => {
    const slow = await subscriber(keyA);
    const fast = await subscriber(keyA);
    const other = await subscriber(keyB);
    const runId = randomUUID();
    // The sync's own progress publisher, unthrottled: every emit is one event.
    const progress = createProgress({ orgId: orgAId, runId, connectionId: randomUUID() }, server.app.events, Date.now(), 0);
    // graphql-ws does not say when a subscription is live: publish until both have heard one event.
    const live = Promise.all([slow.next(() => true), fast.next(() => true)]);
    let heard = false;
    void live.then(() => { heard = true; });
    while (!heard) { progress.emit({ status: "running", phase: "reading" }); await new Promise((r) => setTimeout(r, 50)); }
    const first = fast.seen.at(-1)!.seq;
    slow.socket.pause();
    // 20 warnings of 2 KB: each event is ~40 KB, 200 of them 8 MB, more than loopback buffers hold for a reader that stopped.
    for (let i = 0; i < 20; i++) progress.warn(`${i}`.padEnd(2000, "x"));
    const N = 200;
    for (let i = 1; i <= N; i++) {
      progress.emit({ recordsRead: i });
      await turn(); // the event is delivered before the next one: the gateway keeps up, only the slow client does not
    }
    const end = progress.emit({ status: "succeeded", phase: "finished", recordsRead: N });
    await fast.next((p) => p.status === "succeeded");
    const slowEnded = slow.next((p) => p.status === "succeeded");
    slow.socket.resume();
    await slowEnded;

    // The client that keeps up hears every event.
    expect(fast.seen.map((p) => p.seq)).toEqual(Array.from({ length: end.seq }, (_, i) => i + 1).slice(fast.seen[0]!.seq - 1));
    // The slow one: what its buffers took, then the latest snapshot held for it, then the end; no event twice or out of order.
    const seqs = slow.seen.map((p) => p.seq);
    const k = seqs.findIndex((s, i) => i > 0 && s !== seqs[i - 1]! + 1);
    expect(k).toBeGreaterThan(0);
    expect(seqs[k - 1]!).toBeGreaterThanOrEqual(first);
    expect(seqs[k - 1]!).toBeLessThan(end.seq - 2);
    expect(seqs.slice(k)).toEqual([end.seq - 1, end.seq]);
    expect(slow.seen.at(-2)).toMatchObject({ runId, status: "running", recordsRead: N });
    expect(slow.seen.at(-1)).toMatchObject({ runId, seq: end.seq, status: "succeeded", phase: "finished", recordsRead: N });
    // Another org's subscriber of the same operation text hears nothing.
    expect(other.seen).toEqual([]);
    for (const s of [slow, fast, other]) s.socket.close();
  });
});

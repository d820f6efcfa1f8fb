import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEventBus, supersedable } from "../../../src/events.js";
import { createProgress, type SyncProgressEvent } from "../../../src/sync/progress.js";

/** A run's progress on its own bus, with every published event in `seen`. */
function progressOf(intervalMs?: number) {
  const events = createEventBus();
  const seen: SyncProgressEvent[] = [];
  const it = events.subscribe("SYNC_PROGRESS")[Symbol.asyncIterator]();
  void (async () => { for (let r = await it.next(); !r.done; r = await it.next()) seen.push(r.value as unknown as SyncProgressEvent); })();
  return { progress: createProgress({ orgId: "o", runId: "r", connectionId: "c" }, events, Date.now(), intervalMs), seen, stop: () => it.return?.() };
}
const flush = () => vi.advanceTimersByTimeAsync(0);

describe("sync progress events", () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it("publishes counter-only steps at most once per interval, as the latest state at its end", async () => {
    const { progress, seen, stop } = progressOf(100);
    progress.emit({ phase: "queued", status: "queued" });
    progress.emit({ phase: "planning", status: "running" });
    progress.emit({ phase: "reading", stream: "ads", windowIndex: 1, windowCount: 2 });
    for (let page = 0; page < 50; page++) { progress.state.pages++; progress.emit({}); }
    progress.emit({ phase: "loading" });
    await flush();
    expect(seen.map((e) => [e.seq, e.phase, e.pages])).toEqual([[1, "queued", 0], [2, "planning", 0], [3, "reading", 0]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(seen.map((e) => [e.seq, e.phase, e.pages]).slice(3)).toEqual([[4, "loading", 50]]);
    // Nothing more to say: no further event.
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toHaveLength(4);
    void stop();
  });

  it("publishes status, window, rate-limit and the end at once, carrying the steps held back", async () => {
    const { progress, seen, stop } = progressOf(100);
    progress.emit({ phase: "planning", status: "running" });
    progress.emit({ phase: "reading", stream: "ads", windowIndex: 1, windowCount: 2 });
    progress.state.pages++;
    progress.emit({});
    progress.emit({ rateLimit: { reason: "429", waitMs: 5 } });
    progress.state.pages++;
    progress.emit({});
    progress.emit({ phase: "reading", windowIndex: 2 });
    progress.emit({ phase: "finalizing" });
    progress.state.pages++;
    progress.emit({});
    progress.emit({ phase: "finished", status: "succeeded" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.map((e) => [e.seq, e.phase, e.windowIndex, e.pages, e.rateLimit?.waitMs ?? null])).toEqual([
      [1, "planning", null, 0, null], [2, "reading", 1, 0, null], [3, "reading", 1, 1, 5], [4, "reading", 2, 2, null],
      [5, "finalizing", 2, 2, null], [6, "finished", 2, 3, null],
    ]);
    // A slow subscriber may skip what the run's next event carries too; never a rate-limit wait nor the end.
    expect(seen.map((e) => supersedable.has(e))).toEqual([true, true, false, true, true, false]);
    void stop();
  });

  it("publishes every step with an interval of 0", async () => {
    const { progress, seen, stop } = progressOf(0);
    progress.emit({ phase: "reading", status: "running" });
    for (let page = 0; page < 3; page++) { progress.state.pages++; progress.emit({}); }
    await flush();
    expect(seen.map((e) => e.pages)).toEqual([0, 1, 2, 3]);
    void stop();
  });
});

/**
 * Where a run's chunks load: one transaction at a time, in the order they were read (each commits with the state that
 * follows its records), while the run goes on reading. Up to `depth` chunks wait or load at once; handing over one
 * more waits for the oldest to commit (back-pressure), so memory stays at `depth` chunks plus the one being read.
 */
export interface LoadLane {
  /** Most chunks handed over and not yet settled. */
  depth: number;
  /** Chunks handed over and not yet settled, oldest first. */
  queued: Promise<void>[];
  /** Settles once every chunk handed over has committed, failed or been dropped. */
  tail: Promise<void>;
  /** The first load that failed; no chunk after it loads. */
  failed?: { error: unknown };
  /** Set by stopLane: chunks not yet started are dropped. */
  stopped: boolean;
}

/**
 * Two: one chunk loads while the next waits, ready, and a third is read; the reader stalls only when loading is the
 * slower stage (with one, each chunk's pages were fetched only once the chunk before had committed, bench/sync).
 */
export const LANE_DEPTH = 2;

export function createLoadLane(depth = LANE_DEPTH): LoadLane {
  return { depth, queued: [], tail: Promise.resolve(), stopped: false };
}

/** Hand one chunk's load to the lane, after the chunks before it; waits while the lane is full and throws its failure. */
export async function enqueueLoad(lane: LoadLane, load: () => Promise<void>): Promise<void> {
  while (lane.queued.length >= lane.depth) await lane.queued[0];
  if (lane.failed) throw lane.failed.error;
  const settled = lane.tail.then(async () => {
    if (lane.failed || lane.stopped) return;
    try {
      await load();
    } catch (error) {
      lane.failed = { error };
    }
  }).finally(() => { lane.queued.shift(); });
  lane.queued.push(settled);
  lane.tail = settled;
}

/** Wait until every chunk handed over has committed; throw the lane's failure. */
export async function settleLane(lane: LoadLane): Promise<void> {
  await lane.tail;
  if (lane.failed) throw lane.failed.error;
}

/** Drop the chunks not yet started and wait for the one loading, if any, to commit or fail (a cancelled run). */
export async function stopLane(lane: LoadLane): Promise<void> {
  lane.stopped = true;
  await lane.tail;
}

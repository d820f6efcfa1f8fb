import { createHash } from "node:crypto";
import type { Database } from "../db/client.js";
import type { FactRow } from "../db/facts.js";
import type { ConnectorPlugin, PluginContext } from "../plugins/types.js";
import { isPluginError } from "../plugins/errors.js";
import { AppError } from "../errors.js";
import { loadBatch, type ChunkStep, type LoadBatch } from "./loader.js";
import { writeState, type StreamState } from "./state-store.js";
import { checkFact } from "./validate.js";
import { prefetch } from "./prefetch.js";
import { enqueueLoad, stopLane, type LoadLane } from "./load-lane.js";
import type { Progress, createRejectTracker } from "./progress.js";
import type { DateWindow } from "./windows.js";

/** Everything one window read needs from the run. */
export interface WindowJob {
  database: Database;
  plugin: ConnectorPlugin<any>;
  config: Record<string, unknown>;
  target: { orgId: string; connectionId: string; runId?: string; landRaw: boolean };
  stream: string;
  window: DateWindow;
  /** Advance the stream's date cursor to the window's end once its records are committed. */
  advanceCursor: boolean;
  states: Record<string, StreamState>;
  ctx: PluginContext;
  progress: Progress;
  rejects: ReturnType<typeof createRejectTracker>;
  chunkSize: number;
  today: string;
  /** Extra writes in each load transaction (run counters, heartbeat); `final` on the window's last commit. */
  onCommit: (tx: { db: Database["db"] }, final: boolean) => Promise<void>;
  /** Tests only: called before each step of each chunk's transaction, inside it (see SyncDeps.chunkStep). */
  chunkStep?: (step: ChunkStep, at: ChunkAt) => void | Promise<void>;
  /**
   * Entities this run has handed to its lane, as they were written (key → JSON), shared by its windows: a chunk leaves
   * out an entity sent unchanged before (every daily record repeats its ad and campaign; sending ~1,000 of them again
   * with every chunk cost more than the chunk's facts, bench/sync). An earlier chunk commits first, or the run fails.
   */
  writtenEntities?: Map<string, string>;
  /** The run's loading lane, shared by its windows: readWindow returns once its last chunk is handed over. */
  lane: LoadLane;
  /** Called once the window's last chunk has committed. */
  onWindowCommitted?: () => void;
}

/** How many entities a run remembers as written (beyond it, it forgets them all and sends them again). */
const WRITTEN_ENTITIES_MAX = 100_000;

/** Which chunk a ChunkStep belongs to: its stream, window, 1-based number within the window, and whether it ends the window. */
export interface ChunkAt {
  stream: string;
  window: DateWindow;
  chunk: number;
  final: boolean;
}

const keyOf = (data: unknown) => createHash("sha1").update(JSON.stringify(data)).digest("base64url");

/** Normalize and validate one raw record; rejects the whole record when any of its rows breaks a rule. */
export function transformRecord(plugin: ConnectorPlugin<any>, config: Record<string, unknown>, stream: string, data: unknown, today: string) {
  let rows;
  try {
    rows = plugin.normalize(stream, data, { config });
  } catch (e) {
    // A plugin's own errors say what is wrong with the record; anything else (a TypeError on a missing field, a stack
    // overflow on deep nesting) means the record is not shaped as the stream's records are, and its text is internal.
    const reason = e instanceof AppError || isPluginError(e) ? e.message : `the record does not have the shape of a ${plugin.name} ${stream} record`;
    return { facts: [] as FactRow[], entities: [], rejects: [{ reason: `could not be normalized: ${reason}` }] };
  }
  let rejects = rows.rejects;
  for (const f of rows.facts) {
    const v = checkFact(f, today);
    if (v) (rejects = rejects === rows.rejects ? [...rejects] : rejects).push(v);
  }
  return rejects.length ? { facts: [], entities: [], rejects } : { facts: rows.facts, entities: rows.entities, rejects };
}

/** Read one window of one stream, loading it in transactional chunks; state is committed with the records before it. */
export async function readWindow(job: WindowJob): Promise<void> {
  const { plugin, config, stream, window, states, progress } = job;
  let batch: LoadBatch = { facts: [], entities: [], raw: [] };
  // Entities repeat on every daily record; keep one per key in a chunk (the last wins, as upsertEntities does).
  let entities = new Map<string, LoadBatch["entities"][number]>();
  const dirtyStates = new Set<string>();
  let chunks = 0;

  // Loading is pipelined: chunks go to the run's lane, which loads them in order while the next ones are read and
  // normalised (across windows too); the lane's depth bounds how far reading runs ahead.
  const { lane } = job;
  const flush = async (final: boolean) => {
    if (final && job.advanceCursor) {
      const current = states[stream]?.cursor;
      const cursor = current && current > window.end ? current : window.end;
      states[stream] = { ...states[stream], cursor };
      dirtyStates.add(stream);
    }
    // Entities sent unchanged earlier in the run stay out of the chunk; the rest are remembered as they are handed over.
    const written = job.writtenEntities;
    let unchanged = 0;
    batch.entities = [];
    for (const [key, e] of entities) {
      const json = JSON.stringify(e);
      if (written?.get(key) === json) { unchanged++; continue; }
      batch.entities.push(e);
      if (written) {
        if (written.size >= WRITTEN_ENTITIES_MAX) written.clear();
        written.set(key, json);
      }
    }
    entities = new Map();
    if (batch.facts.length === 0 && batch.entities.length === 0 && batch.raw.length === 0 && dirtyStates.size === 0) {
      if (final) await enqueueLoad(lane, async () => job.onWindowCommitted?.());
      return;
    }
    const current = batch;
    batch = { facts: [], entities: [], raw: [] };
    // The states as they are now: later messages may move them on before this chunk commits.
    const chunkStates = [...dirtyStates].map((s) => [s, states[s]!] as const);
    dirtyStates.clear();
    const at: ChunkAt = { stream, window, chunk: ++chunks, final };
    const step = job.chunkStep && ((s: ChunkStep) => job.chunkStep!(s, at));
    await enqueueLoad(lane, async () => {
      progress.emit({ phase: "loading" });
      await job.database.transaction(async (tx) => {
        const written = await loadBatch(tx, job.target, current, step);
        await step?.("state");
        for (const [s, st] of chunkStates) await writeState(tx.db, job.target.orgId, job.target.connectionId, s, st);
        progress.state.recordsWritten += written.facts;
        // Counted as before: every entity of the chunk, whether it went to the database again or not.
        progress.state.entitiesWritten += written.entities + unchanged;
        await step?.("progress");
        await job.onCommit(tx, final);
        await step?.("commit");
      });
      if (final) job.onWindowCommitted?.();
      else progress.emit({ phase: "reading" });
    });
  };

  const pluginStates = Object.fromEntries(Object.entries(states).filter(([, s]) => s.plugin !== undefined).map(([k, s]) => [k, s.plugin]));
  // Read ahead up to one chunk while the previous chunk loads (bounded memory, see prefetch.ts).
  const messages = prefetch(plugin.read(config, { streams: [stream], start: window.start, end: window.end, state: pluginStates }, job.ctx), Math.min(job.chunkSize, 5_000));
  try {
    for await (const msg of messages) {
      if (job.ctx.signal.aborted) break;
      if (msg.type === "record") {
        progress.state.recordsRead++;
        const out = transformRecord(plugin, config, msg.stream, msg.data, job.today);
        if (out.rejects.length) {
          progress.state.recordsRejected++;
          for (const r of out.rejects) job.rejects.add(msg.stream, msg.key, r);
          continue;
        }
        for (const f of out.facts) batch.facts.push(f);
        for (const e of out.entities) entities.set(`${e.platform}\u0000${e.level}\u0000${e.externalId}`, e);
        if (job.target.landRaw) batch.raw.push({ stream: msg.stream, key: msg.key ?? keyOf(msg.data), data: msg.data });
        if (batch.facts.length + batch.raw.length >= job.chunkSize || entities.size >= job.chunkSize) await flush(false);
      } else if (msg.type === "state") {
        states[msg.stream] = { ...states[msg.stream], plugin: msg.state };
        dirtyStates.add(msg.stream);
        await flush(false);
      } else {
        if (typeof msg.data?.page === "number") { progress.state.pages++; progress.emit({}); }
        if (msg.level === "warn" || msg.level === "error") { progress.warn(msg.message); progress.emit({}); }
        job.ctx.logger[msg.level]({ ...msg.data, stream }, msg.message);
      }
    }
  } catch (e) {
    // Never leave a chunk's transaction running behind a failed read; the chunks read before the failure still commit
    // (unless the run was cancelled).
    await (job.ctx.signal.aborted ? stopLane(lane) : lane.tail);
    throw e;
  }
  if (job.ctx.signal.aborted) {
    await stopLane(lane);
    throw job.ctx.signal.reason ?? new Error("cancelled");
  }
  await flush(true);
}

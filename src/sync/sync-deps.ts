import type { Database } from "../db/client.js";
import type { EventBus } from "../events.js";
import type { Logger } from "../logger.js";
import type { PluginRegistry } from "../plugins/registry.js";
import type { SecretBox } from "./secret-box.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { ChunkStep } from "./loader.js";
import type { ChunkAt } from "./read-window.js";

/** What the sync engine runs on. */
export interface SyncDeps {
  database: Database;
  logger: Logger;
  events: EventBus;
  registry: PluginRegistry;
  box: SecretBox;
  /** This process's id in sync_runs.worker_id ("host:pid"). */
  workerId: string;
  /** Facts (plus entities) per load transaction; default 5,000 on PGlite, 10,000 on PostgreSQL (bounded memory: see bench/sync). */
  chunkSize?: number;
  /** Longest single rate-limit wait a run accepts before failing with RateLimited (default 15 min). */
  maxWaitMs?: number;
  /** The job queue: runs are `sync` jobs (on a durable queue, for any worker process); absent: runs start here at once. */
  jobs?: JobQueue;
  /** How often a running run writes its heartbeat (default HEARTBEAT_MS); a run silent for 6 heartbeats is taken over. */
  heartbeatMs?: number;
  /**
   * Shortest time between two progress events of a run that only move counters or the reading/loading phase (default
   * PROGRESS_INTERVAL_MS, 100 ms; 0 publishes every step). Status, window and rate-limit changes always go out at once.
   */
  progressIntervalMs?: number;
  /** The run's clock (tests pin it). */
  now?: () => Date;
  /**
   * Tests only: called before each step of each chunk's load transaction, inside it. A throw rolls the chunk back and
   * fails the run; a crash test stops its process there (test/sync/chunk-failures.test.ts, crash-resume.test.ts).
   */
  chunkStep?: (step: ChunkStep, at: ChunkAt) => void | Promise<void>;
}

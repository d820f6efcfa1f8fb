import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import type { Logger } from "./logger.js";
import type { EventBus } from "./events.js";
import type { JobQueue } from "./jobs/job-queue.js";

/**
 * Long-lived services built once at start (src/index.ts → createApp) and shared by the HTTP server,
 * the WebSocket server, the scheduler and the CLI. Areas add their own members here.
 */
export interface App {
  config: Readonly<Config>;
  database: Database;
  logger: Logger;
  /** In-process pub/sub for subscriptions (sync progress, training progress). */
  events: EventBus;
  /** The job queue: syncs, training and memory indexing (graphile-worker on PostgreSQL, in-process on PGlite). */
  jobs: JobQueue;
  /** Release what createApp opened besides the database (event bus and queue connections). */
  closeServices?: () => Promise<void>;
}

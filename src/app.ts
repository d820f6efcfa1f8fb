import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import type { Logger } from "./logger.js";
import type { EventBus } from "./events.js";

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
}

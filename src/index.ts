import "reflect-metadata";
import { resolve } from "node:path";
import type { App } from "./app.js";
import { loadConfig, type Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { migrate } from "./db/migrate.js";
import { embeddedTemplateDir } from "./db/embedded-template.js";
import { acquireFolderLock, type FolderLock } from "./db/folder-lock.js";
import { createEventBus } from "./events.js";
import { createLogger, type Logger } from "./logger.js";
import { buildLiftgateSchema } from "./schema/build.js";
import { startServer, type RunningServer } from "./server/http.js";
import { routeMounts } from "./server/routes.js";
import { pluginRegistryOf } from "./plugins/registry.js";
import { closeCompute, configureCompute } from "./compute/pool.js";
import { configureOutbound } from "./plugins/outbound.js";
import { registerSecrets, urlPassword } from "./redact.js";
import { recoverImportBatches } from "./imports/csv-import.service.js";
import { createPgEventBus } from "./jobs/pg-event-bus.js";
import { createGraphileQueue } from "./jobs/graphile-queue.js";
import { createLocalJobQueue } from "./jobs/job-queue.js";
import { startJobWorker, type JobWorker } from "./jobs/worker.js";
import { startWorkerHealth, type WorkerHealth } from "./jobs/worker-health.js";
import { startWebhookNotifier } from "./webhooks/webhook-notifier.js";

/**
 * Open the database (PGlite under dataDir, or DATABASE_URL), apply migrations, build the services.
 * The embedded database has one writer: its folder is locked for `role` ("server" or the CLI command)
 * until the database closes; a live holder makes this throw FolderLocked, naming it.
 */
export async function createApp(config: Readonly<Config>, logger: Logger = createLogger(config.logLevel), role = "server"): Promise<App & { lock?: FolderLock }> {
  configureOutbound(config.outbound.allow);
  registerConfigSecrets(config);
  if (config.databaseUrl) {
    const database = await openDatabase({ url: config.databaseUrl, max: config.db.poolMax, statementTimeoutMs: config.db.statementTimeoutMs });
    await migrate(database);
    // PostgreSQL: events cross instances through LISTEN/NOTIFY; syncs, training and indexing are graphile-worker jobs.
    const bus = createPgEventBus(config.databaseUrl, logger);
    await bus.ready;
    const jobs = await createGraphileQueue(config.databaseUrl, logger, { pollIntervalMs: config.jobPollMs });
    return { config, database, logger, events: bus.bus, jobs, closeServices: async () => { await jobs.stop(); await bus.close(); } };
  }
  const lock = acquireFolderLock(config.dataDir, role);
  try {
    const database = await openDatabase({ dataDir: resolve(config.dataDir, "db"), template: embeddedTemplateDir() });
    const close = database.close;
    database.close = async () => {
      try { await close(); } finally { lock.release(); }
    };
    await migrate(database);
    // Embedded: the same jobs, run in this process.
    const jobs = createLocalJobQueue((err, task) => logger.error({ err, task }, "job failed"));
    return { config, database, logger, events: createEventBus(), jobs, lock };
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** Which parts a process runs: serving (HTTP + WebSocket) and/or jobs. */
export interface ProcessRoles {
  /** Run jobs, schedules and takeover of abandoned runs here (default true; `serve --no-worker` sets false). */
  worker?: boolean;
}

export interface Gateway {
  app: App;
  server: RunningServer;
  /** Drain HTTP and WebSocket, stop background work, close the database. */
  stop(): Promise<void>;
  /** Run `fn` during stop, after the sync engine stopped and before the database closes. */
  onStop(fn: () => Promise<void>): void;
}

/** config → db → schema → server: the whole gateway in one call (used by `liftgate serve`). */
export async function startGateway(config: Readonly<Config>, logger?: Logger, roles: ProcessRoles = {}): Promise<Gateway & { lock?: FolderLock }> {
  const app = await createApp(config, logger);
  try {
    const gateway = await serveApp(app, roles);
    app.lock?.update({ url: gateway.server.url });
    return Object.assign(gateway, { lock: app.lock });
  } catch (e) {
    await app.database.close();
    throw e;
  }
}

/** `liftgate worker`: run jobs without serving the API (only /healthz and /readyz with WORKER_HEALTH_PORT); stopping also closes its database. */
export async function startWorker(config: Readonly<Config>, logger?: Logger): Promise<{ app: App; health?: WorkerHealth; stop(): Promise<void> }> {
  const app = await createApp(config, logger, "worker");
  if (!app.jobs.durable) {
    await app.database.close();
    throw new Error("`liftgate worker` needs DATABASE_URL (PostgreSQL): on the embedded database `liftgate serve` runs the jobs itself.");
  }
  await pluginRegistryOf(app);
  configureCompute({ threads: app.config.computeThreads, nice: app.config.computeNice });
  configureOutbound(app.config.outbound.allow);
  registerConfigSecrets(app.config);
  const worker = await startJobWorker(app);
  const health = app.config.workerHealthPort === undefined ? undefined : await startWorkerHealth(app, app.config.workerHealthPort, app.config.host);
  return {
    app,
    health,
    stop: async () => {
      health?.stopping();
      await worker.stop();
      await health?.close();
      await closeCompute();
      await app.closeServices?.();
      await app.database.close();
    },
  };
}

/** Build the schema and serve an App; stopping also closes its database. */
export async function serveApp(app: App, roles: ProcessRoles = {}): Promise<Gateway> {
  // Load built-in and external plugins now, so a broken external plugin stops the start with its reason.
  await pluginRegistryOf(app);
  // Imports a stopped process left running end as failed (their rows so far are kept; the file can be imported again).
  await recoverImportBatches(app.database, app.logger);
  configureCompute({ threads: app.config.computeThreads, nice: app.config.computeNice });
  configureOutbound(app.config.outbound.allow);
  registerConfigSecrets(app.config);
  const schema = await buildLiftgateSchema(app.events);
  const server = await startServer(app, schema, routeMounts);
  // This process is one of the workers (the only one on the embedded database), or none with --no-worker:
  // syncs, schedules, training and memory indexing run as jobs of app.jobs.
  if (roles.worker === false && !app.jobs.durable) throw new Error("--no-worker needs a durable job queue (DATABASE_URL): on the embedded database this process runs the jobs.");
  const worker: JobWorker | undefined = roles.worker === false ? undefined : await startJobWorker(app);
  // Finished syncs notify the orgs' webhook endpoints (deliveries are jobs of app.jobs).
  const webhooks = startWebhookNotifier(app);
  const closers: (() => Promise<void>)[] = [];
  let stopped = false;
  return {
    app,
    server,
    onStop: (fn) => void closers.push(fn),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Abort this process's sync runs while HTTP and WebSocket drain: an embedded database busy
      // with a sync would otherwise hold up the drain. Aborted runs resume at the next start.
      app.logger.info("stopping: draining HTTP and WebSocket, aborting this process's sync runs");
      const pending = new Set(["http", "sync"]);
      const watch = setInterval(() => app.logger.warn({ pending: [...pending] }, "stopping: still waiting"), 5_000).unref();
      await Promise.all([server.stop().then(() => pending.delete("http")), worker?.stop().then(() => pending.delete("sync"))]);
      clearInterval(watch);
      await webhooks.stop();
      await closeCompute();
      for (const close of closers) await close();
      await app.closeServices?.();
      app.logger.info("stopping: closing the database");
      await app.database.close();
    },
  };
}

export { loadConfig };

/** The configuration's own secrets, scrubbed from every log line and error from now on. */
function registerConfigSecrets(config: Readonly<Config>): void {
  registerSecrets([config.encryptionKey, urlPassword(config.databaseUrl), config.openai?.apiKey, config.pinecone?.apiKey]);
}

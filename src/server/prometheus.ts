import { timingSafeEqual } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { ApolloServerPlugin } from "@apollo/server";
import { eq } from "drizzle-orm";
import express, { type RequestHandler } from "express";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { App } from "../app.js";
import { computeStats } from "../compute/pool.js";
import { connections } from "../db/tables/index.js";

/** The gateway's Prometheus metrics: one registry per App (tests run several gateways in one process). */
export interface GatewayMetrics {
  registry: Registry;
  graphqlPlugin: ApolloServerPlugin<any>;
  /** Times every HTTP request (mount it before the routes). */
  httpMiddleware: RequestHandler;
  stop(): void;
}

const TERMINAL = new Set(["succeeded", "failed", "cancelled"]);
const ROUTES = /^\/(graphql|export|import|metrics|healthz|readyz)(?=\/|$)/;
const MAX_OPERATION_NAMES = 500;
const registries = new WeakMap<App, GatewayMetrics>();

export function metricsOf(app: App): GatewayMetrics {
  let m = registries.get(app);
  if (!m) registries.set(app, (m = createMetrics(app)));
  return m;
}

function createMetrics(app: App): GatewayMetrics {
  const registry = new Registry();
  // Process metrics, including nodejs_eventloop_lag_seconds and its percentiles.
  collectDefaultMetrics({ register: registry, prefix: "liftgate_" });
  const ops = new Histogram({ name: "liftgate_graphql_operation_duration_seconds", help: "GraphQL operations by name, type and outcome", labelNames: ["operation", "type", "outcome"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  const runs = new Counter({ name: "liftgate_sync_runs_total", help: "Sync runs ended, by connector and status", labelNames: ["connector", "status"], registers: [registry] });
  const records = new Counter({ name: "liftgate_sync_records_total", help: "Records read by syncs, by connector", labelNames: ["connector"], registers: [registry] });
  const rejects = new Counter({ name: "liftgate_sync_rejects_total", help: "Records rejected by data quality rules, by connector", labelNames: ["connector"], registers: [registry] });
  const waits = new Counter({ name: "liftgate_sync_rate_limit_waits_total", help: "Waits for a platform's rate limit, by connector", labelNames: ["connector"], registers: [registry] });
  const waitSeconds = new Counter({ name: "liftgate_sync_rate_limit_wait_seconds_total", help: "Seconds waited for platforms' rate limits, by connector", labelNames: ["connector"], registers: [registry] });
  const training = new Histogram({ name: "liftgate_training_duration_seconds", help: "Attribution model training, by outcome", labelNames: ["status"], buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800], registers: [registry] });
  const http = new Histogram({ name: "liftgate_http_request_duration_seconds", help: "HTTP requests by method, route and status", labelNames: ["method", "route", "status"], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [registry] });
  const written = new Counter({ name: "liftgate_sync_rows_written_total", help: "Fact rows written (upserted) by syncs, by connector", labelNames: ["connector"], registers: [registry] });
  new Gauge({
    name: "liftgate_job_queue_jobs", help: "Jobs (syncs, training, indexing, webhook deliveries) waiting, running and given up, over all workers", labelNames: ["state"], registers: [registry],
    async collect() {
      const stats = await app.jobs?.stats?.().catch(() => undefined);
      for (const state of ["waiting", "running", "failed"] as const) this.set({ state }, stats?.[state] ?? 0);
    },
  });
  new Gauge({ name: "liftgate_db_pool_max", help: "Connections the PostgreSQL pool may open (1 for the embedded database)", registers: [registry], collect() { this.set(app.database.driver === "postgres" ? app.config.db.poolMax : 1); } });
  new Gauge({
    name: "liftgate_db_pool_connections", help: "This process's PostgreSQL connections by state, as the server reports them (pg_stat_activity)", labelNames: ["state"], registers: [registry],
    async collect() {
      const states = await app.database.connectionStates?.().catch(() => undefined);
      if (!states) return;
      this.reset();
      for (const state of ["active", "idle", "idle in transaction"]) this.set({ state }, states[state] ?? 0);
    },
  });
  new Gauge({ name: "liftgate_compute_tasks_running", help: "CPU-heavy tasks (model fits, analyses, budget plans) running on the compute pool's threads", registers: [registry], collect() { this.set(computeStats().running); } });
  new Gauge({ name: "liftgate_compute_threads", help: "Compute pool threads alive (a cancelled task's thread until it has stopped; idle ones exit after 30 s)", registers: [registry], collect() { this.set(computeStats().liveThreads); } });
  const lagP99 = monitorEventLoopDelay({ resolution: 20 });
  lagP99.enable();
  new Gauge({ name: "liftgate_event_loop_delay_p99_seconds", help: "99th percentile event-loop delay since the last scrape", registers: [registry], collect() { this.set(lagP99.percentile(99) / 1e9); lagP99.reset(); } });

  // Sync metrics follow the progress events; the connector is looked up once per connection.
  const pluginOf = new Map<string, Promise<string>>();
  const connector = (id: string) => {
    let p = pluginOf.get(id);
    if (!p) pluginOf.set(id, (p = app.database.db.select({ pluginId: connections.pluginId }).from(connections).where(eq(connections.id, id)).then((r) => r[0]?.pluginId ?? "unknown", () => "unknown")));
    return p;
  };
  const subscriptions: AsyncIterator<unknown>[] = [];
  const follow = <T>(topic: "SYNC_PROGRESS" | "TRAINING_PROGRESS", fn: (e: T) => Promise<void> | void) => {
    const it = app.events.subscribe(topic)[Symbol.asyncIterator]();
    subscriptions.push(it);
    void (async () => { for (let r = await it.next(); !r.done; r = await it.next()) await fn(r.value as T); })().catch(() => {});
  };
  follow<{ connectionId: string; status: string; recordsRead: number; recordsWritten: number; recordsRejected: number; rateLimit: { waitMs: number } | null }>("SYNC_PROGRESS", async (e) => {
    const c = await connector(e.connectionId);
    if (e.rateLimit) { waits.inc({ connector: c }); waitSeconds.inc({ connector: c }, e.rateLimit.waitMs / 1000); }
    if (TERMINAL.has(e.status)) {
      runs.inc({ connector: c, status: e.status });
      records.inc({ connector: c }, e.recordsRead);
      written.inc({ connector: c }, e.recordsWritten);
      rejects.inc({ connector: c }, e.recordsRejected);
    }
  });
  const trainingStarted = new Map<string, number>();
  follow<{ modelId: string; status: string }>("TRAINING_PROGRESS", (e) => {
    if (!trainingStarted.has(e.modelId)) trainingStarted.set(e.modelId, performance.now());
    if (e.status !== "training" && e.status !== "queued") {
      training.observe({ status: e.status }, (performance.now() - trainingStarted.get(e.modelId)!) / 1000);
      trainingStarted.delete(e.modelId);
    }
  });
  // Routes are the mount points, never raw paths (ids in paths would make a series per id).
  const httpMiddleware: RequestHandler = (req, res, next) => {
    const end = http.startTimer({ method: req.method, route: ROUTES.exec(req.path)?.[0] ?? "other" });
    res.once("finish", () => end({ status: String(res.statusCode) }));
    next();
  };
  // Operation names are the client's choice: past MAX_OPERATION_NAMES distinct names, new ones count as "other".
  const names = new Set<string>();
  const operationLabel = (name: string) => (names.has(name) || (names.size < MAX_OPERATION_NAMES && names.add(name)) ? name : "other");

  const graphqlPlugin: ApolloServerPlugin<any> = {
    async requestDidStart({ request }) {
      const end = ops.startTimer();
      let type = "unknown";
      return {
        async didResolveOperation({ operation }) { type = operation?.operation ?? "unknown"; },
        async willSendResponse({ response, operationName }) {
          const errors = response.body.kind === "single" ? response.body.singleResult.errors : undefined;
          end({ operation: operationLabel(operationName ?? request.operationName ?? "anonymous"), type, outcome: errors?.length ? String(errors[0]!.extensions?.code ?? "error") : "ok" });
        },
      };
    },
  };
  return { registry, graphqlPlugin, httpMiddleware, stop() { lagP99.disable(); for (const s of subscriptions) void s.return?.(); } };
}

/**
 * GET /metrics in Prometheus text format. Off unless METRICS_TOKEN is set; scrapers send it as
 * `Authorization: Bearer <token>` (operational data about every tenant: never public).
 */
export const metricsRouteMount = (app: App) => {
  const router = express.Router();
  const token = app.config.metricsToken;
  router.get("/", async (req, res) => {
    if (!token) return void res.status(404).type("text/plain").send("Metrics are off: set METRICS_TOKEN and scrape with Authorization: Bearer <token>.\n");
    const given = Buffer.from((req.headers.authorization ?? "").replace(/^Bearer\s+/i, ""));
    const want = Buffer.from(token);
    if (given.length !== want.length || !timingSafeEqual(given, want)) return void res.status(401).type("text/plain").send("Send the METRICS_TOKEN as Authorization: Bearer <token>.\n");
    const { registry } = metricsOf(app);
    res.type(registry.contentType).send(await registry.metrics());
  });
  return { path: "/metrics", router };
};

import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type { App } from "../app.js";
import { computeStats } from "../compute/pool.js";

/** The health server of a `liftgate worker` (WORKER_HEALTH_PORT). */
export interface WorkerHealth {
  /** Where it listens, e.g. http://127.0.0.1:9464. */
  url: string;
  /** From now on /readyz answers 503 "stopping" (call when shutdown begins). */
  stopping(): void;
  close(): Promise<void>;
}

// A readiness probe must answer before the orchestrator's own timeout (Kubernetes' default is 1 s).
const PROBE_TIMEOUT_MS = 900;

const withTimeout = <T>(p: Promise<T>, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS).unref())]);

/**
 * Probes for a worker process, which serves no API: GET /healthz is 200 while the process and its
 * event loop live; GET /readyz is 200 when the database answers and the job queue is taking jobs
 * (with the queue's depth), 503 with the reason otherwise (database unreachable, queue stopped, stopping).
 */
export async function startWorkerHealth(app: App, port: number, host: string): Promise<WorkerHealth> {
  let stopping = false;
  const server = http.createServer((req, res) => {
    const send = (status: number, body: Record<string, unknown>) => { res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body)); };
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, { error: "use GET" });
    if (path === "/healthz") return send(200, { status: "ok" });
    if (path !== "/readyz") return send(404, { error: "GET /healthz or /readyz" });
    if (stopping) return send(503, { status: "unavailable", reason: "stopping" });
    void (async () => {
      try {
        await withTimeout(app.database.db.execute(sql`select 1`), "the database");
      } catch {
        return send(503, { status: "unavailable", reason: "database unreachable" });
      }
      if (!app.jobs.taking?.()) return send(503, { status: "unavailable", reason: "job queue stopped" });
      const jobs = await withTimeout(app.jobs.stats?.() ?? Promise.resolve(undefined), "the job queue").catch(() => undefined);
      const { threads, queued } = computeStats();
      send(200, { status: "ready", database: "ok", queue: "taking jobs", jobs: jobs ?? null, compute: { threads, queued } });
    })();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, host, () => resolve()));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`,
    stopping: () => { stopping = true; },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections } from "../../src/db/tables/index.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const TOKEN = "metrics-token-0123456789";
let server: TestServer;
let key: string;
let orgId: string;
const base = () => server.url.replace(/\/graphql$/, "");
const scrape = (auth?: string) => fetch(`${base()}/metrics`, { headers: auth ? { authorization: auth } : {} });
/** The value of one exposed series, exactly as Prometheus reads it. */
const series = (text: string, name: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
};

beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: TOKEN });
  const org = await server.createOrg("Metrics");
  orgId = org.orgId;
  key = await org.key("viewer");
});
afterAll(() => server.close());

describe("Prometheus metrics at GET /metrics", () => {
  it("refuses a scrape without the token, and is off without METRICS_TOKEN", async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong-token-0123456789")).status).toBe(401);
    const plain = await startTestServer();
    try {
      const r = await fetch(plain.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect([r.status, await r.text()]).toEqual([404, "Metrics are off: set METRICS_TOKEN and scrape with Authorization: Bearer <token>.\n"]);
    } finally {
      await plain.close();
    }
  });

  it("counts HTTP requests and GraphQL operations by name, type and outcome, sync runs and rows by connector, and the job queue", async () => {
    expect(codes(await gql(server.url, key, "query OrgName { organization { slug } }"))).toEqual([]);
    expect(codes(await gql(server.url, key, "query OrgName { organization { slug } }"))).toEqual([]);
    expect(codes(await gql(server.url, null, "query OrgName { organization { slug } }"))).toEqual(["UNAUTHENTICATED"]);
    expect(codes(await gql(server.url, key, "mutation Revoke { revokeApiKey(id: \"00000000-0000-0000-0000-000000000000\") { id } }"))).toEqual(["FORBIDDEN"]);
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);

    // Sync progress as the engine publishes it (any instance's runs reach every gateway through the event bus).
    const [conn] = await server.app.database.db.insert(connections).values({ orgId, pluginId: "meta-ads", name: "m", config: {} }).returning({ id: connections.id });
    const run = { orgId, runId: "r1", connectionId: conn!.id, recordsRead: 120, recordsWritten: 117, recordsRejected: 3 };
    server.app.events.publish("SYNC_PROGRESS", { ...run, status: "running", rateLimit: { reason: "x-business-use-case-usage", waitMs: 1500 } } as never);
    server.app.events.publish("SYNC_PROGRESS", { ...run, status: "succeeded", rateLimit: null } as never);
    server.app.events.publish("SYNC_PROGRESS", { ...run, runId: "r2", recordsRead: 0, recordsWritten: 0, recordsRejected: 0, status: "failed", rateLimit: null } as never);
    // Two jobs waiting in a queue that has no worker yet.
    const jobs = createLocalJobQueue(() => {});
    server.app.jobs = jobs;
    await jobs.add("sync", { runId: "a" });
    await jobs.add("train", { modelId: "b" });
    await new Promise((r) => setTimeout(r, 100));

    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect({
      ok: series(text, 'liftgate_graphql_operation_duration_seconds_count{operation="OrgName",type="query",outcome="ok"}'),
      // Apollo refuses a request without a key while building its context, before any operation runs: HTTP counts it.
      unauthenticated: series(text, 'liftgate_graphql_operation_duration_seconds_count{operation="OrgName",type="query",outcome="UNAUTHENTICATED"}'),
      graphqlHttp401: series(text, 'liftgate_http_request_duration_seconds_count{method="POST",route="/graphql",status="401"}'),
      forbidden: series(text, 'liftgate_graphql_operation_duration_seconds_count{operation="Revoke",type="mutation",outcome="FORBIDDEN"}'),
      graphqlHttp200: series(text, 'liftgate_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}'),
      healthz: series(text, 'liftgate_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}'),
      refusedScrapes: series(text, 'liftgate_http_request_duration_seconds_count{method="GET",route="/metrics",status="401"}'),
      succeeded: series(text, 'liftgate_sync_runs_total{connector="meta-ads",status="succeeded"}'),
      failed: series(text, 'liftgate_sync_runs_total{connector="meta-ads",status="failed"}'),
      read: series(text, 'liftgate_sync_records_total{connector="meta-ads"}'),
      written: series(text, 'liftgate_sync_rows_written_total{connector="meta-ads"}'),
      rejected: series(text, 'liftgate_sync_rejects_total{connector="meta-ads"}'),
      waits: series(text, 'liftgate_sync_rate_limit_waits_total{connector="meta-ads"}'),
      waited: series(text, 'liftgate_sync_rate_limit_wait_seconds_total{connector="meta-ads"}'),
      waiting: series(text, 'liftgate_job_queue_jobs{state="waiting"}'),
      running: series(text, 'liftgate_job_queue_jobs{state="running"}'),
      givenUp: series(text, 'liftgate_job_queue_jobs{state="failed"}'),
    }).toEqual({
      ok: 2, unauthenticated: undefined, graphqlHttp401: 1, forbidden: 1, graphqlHttp200: 3, healthz: 1, refusedScrapes: 2,
      succeeded: 1, failed: 1, read: 120, written: 117, rejected: 3, waits: 1, waited: 1.5, waiting: 2, running: 0, givenUp: 0,
    });
    expect(text).toMatch(/^liftgate_nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^liftgate_event_loop_delay_p99_seconds \d/m);
    expect(series(text, "liftgate_db_pool_max")).toBe(server.app.database.driver === "postgres" ? 10 : 1);
    // Pool use, from PostgreSQL's own view of this process's connections: the scrape's query is one active connection.
    const pool = ["active", "idle", "idle in transaction"].map((state) => series(text, `liftgate_db_pool_connections{state="${state}"}`));
    if (server.app.database.driver === "postgres") {
      expect(pool[0]).toBeGreaterThanOrEqual(1);
      expect(pool[1]).toBeGreaterThanOrEqual(0);
    } else expect(pool).toEqual([undefined, undefined, undefined]); // one in-process connection: no pool

    await jobs.stop();
  });
});

import express, { type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import type { App } from "../app.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { AppError, badInput } from "../errors.js";
import { streamMetrics } from "../analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../analytics/metrics/query.js";
import { streamCausalDataset, type CausalDatasetInput } from "../analytics/causal-dataset/causal-dataset.service.js";
import { authenticate } from "./auth.js";
import { csvWriter } from "./csv-stream.js";

// A query is small; anything larger is a mistake.
const BODY_LIMIT = "256kb";

/** The request's query: a JSON body (POST) or `?query=<url-encoded JSON>` (GET, for BI tools that only GET). */
function queryOf(req: Request): unknown {
  if (req.method === "GET") {
    const q = req.query.query;
    if (typeof q !== "string") throw badInput("Pass the query as ?query=<url-encoded JSON> or POST it as the JSON body.");
    try { return JSON.parse(q); } catch { throw badInput("The query parameter is not valid JSON."); }
  }
  const body = req.body as { query?: unknown } | undefined;
  if (!body || typeof body !== "object") throw badInput("POST the query as a JSON body: {\"query\": {...}}.");
  return body.query ?? body;
}

/** Authenticate, stream, and turn failures into JSON errors (before the first row) or a cut-off response (after). */
function handler(app: App, name: string, run: (scope: OrgScope, input: unknown, out: ReturnType<typeof csvWriter>) => Promise<void>) {
  return async (req: Request, res: Response) => {
    const out = csvWriter(res, `${name}.csv`);
    try {
      const auth = await authenticate(app.database.db, req.headers.authorization);
      const input = queryOf(req);
      if (!input || typeof input !== "object") throw badInput("The query must be a JSON object.");
      await run(orgScope(app.database, auth.orgId), input, out);
      if (!out.started) res.status(200).type("text/csv; charset=utf-8");
      res.end();
    } catch (err) {
      if (out.started) { app.logger.error({ err }, "CSV export failed mid-stream"); res.destroy(); return; }
      const code = err instanceof AppError ? err.code : err instanceof GraphQLError ? String(err.extensions.code) : "INTERNAL_SERVER_ERROR";
      const status = code === "UNAUTHENTICATED" ? 401 : code === "FORBIDDEN" ? 403 : code === "INTERNAL_SERVER_ERROR" ? 500 : 400;
      if (status === 500) app.logger.error({ err }, "CSV export failed");
      const message = status === 500 ? "Internal server error." : (err as Error).message;
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
    }
  };
}

/** `/export` routes: the metrics query and the causal dataset as streamed CSV, org-scoped by the API key. */
export function exportRouter(app: App): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  const metrics = handler(app, "metrics", async (scope, input, out) => {
    let first = true;
    await streamMetrics(scope, input as MetricsQuery, async (rows, columns) => {
      const names = columns.map((c) => c.name);
      if (first) { await out.write(names, [Object.fromEntries(names.map((n) => [n, n]))]); first = false; }
      await out.write(names, rows);
    });
  });
  router.get("/metrics.csv", metrics);
  router.post("/metrics.csv", metrics);
  const causal = handler(app, "causal-dataset", async (scope, input, out) => {
    let first = true;
    await streamCausalDataset(scope, input as CausalDatasetInput, async (rows, names) => {
      if (first) { await out.write(names, [Object.fromEntries(names.map((n) => [n, n]))]); first = false; }
      await out.write(names, rows);
    });
  });
  router.get("/causal-dataset.csv", causal);
  router.post("/causal-dataset.csv", causal);
  return router;
}

/** Mount for src/server/routes.ts. */
export const exportRouteMount = (app: App) => ({ path: "/export", router: exportRouter(app) });

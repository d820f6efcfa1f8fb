import express, { type Request, type Response } from "express";
import { coerceInputValue, GraphQLNonNull, isInputType, type GraphQLSchema } from "graphql";
import type { App } from "../app.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { AppError, badInput } from "../errors.js";
import { streamMetrics } from "../analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../analytics/metrics/query.js";
import { streamCausalDataset, type CausalDatasetInput } from "../analytics/causal-dataset/causal-dataset.service.js";
import { authenticate } from "./auth.js";
import { csvWriter } from "./csv-stream.js";
import { causalExportCost, metricsExportCost } from "./cost.js";
import { rateLimiterOf } from "./rate-limit.js";
import { sendRestError } from "./rest-errors.js";
import { withoutSuggestions } from "./errors.js";
import { resolveExportToken } from "../exports/export-links.service.js";

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

/**
 * The query coerced as GraphQL coerces the same input type (`MetricsQueryInput`, `CausalDatasetInput`), so REST and GraphQL
 * accept the same queries; BAD_USER_INPUT naming every field to fix otherwise (a wrong type must never reach the service).
 */
export function coerceQuery(schema: GraphQLSchema, typeName: string, query: unknown, hideSchemaDetails = false): Record<string, unknown> {
  const type = schema.getType(typeName);
  if (!type || !isInputType(type)) throw new Error(`${typeName} is not an input type of the schema`);
  const problems: string[] = [];
  const coerced = coerceInputValue(query, new GraphQLNonNull(type), (path, _invalid, error) => {
    const at = path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");
    // Production: no "Did you mean …?" suggestions, as on GraphQL (src/server/errors.ts).
    problems.push(`${at ? `At ${at}: ` : ""}${hideSchemaDetails ? withoutSuggestions(error.message) : error.message}`);
  });
  if (problems.length) throw badInput(`The query is not a valid ${typeName}. ${problems.join(" ")}`);
  return coerced as Record<string, unknown>;
}

type Run = (scope: OrgScope, input: unknown, out: ReturnType<typeof csvWriter>) => Promise<void>;
/** An export's price in the cost model's units (src/server/cost.ts), taken from the key's rate-limit bucket. */
type Price = (input: unknown) => number;
/**
 * Who asks and for what: the org and the query of a request, and the API key whose rate-limit bucket pays (a signed
 * link spends from the bucket of the key that created it).
 */
type Authorize = (req: Request) => Promise<{ orgId: string; keyId: string; input: unknown; run: Run; price: Price; name: ExportName }>;
type ExportName = "metrics" | "causal-dataset";
const INPUT_TYPE: Record<ExportName, string> = { metrics: "MetricsQueryInput", "causal-dataset": "CausalDatasetInput" };

/** An API key in the Authorization header, the query in the request. */
const byApiKey = (app: App, name: ExportName, run: Run, price: Price): Authorize => async (req) => {
  const auth = await authenticate(app, req.headers.authorization);
  return { orgId: auth.orgId, keyId: auth.keyId, input: queryOf(req), run, price, name };
};

const statusOf = (code: string) => (code === "UNAUTHENTICATED" ? 401 : code === "FORBIDDEN" ? 403 : 400);

/** Authorize, take the export's tokens, stream, and turn failures into JSON errors (before the first row) or a cut-off response (after). */
function handler(app: App, schema: GraphQLSchema, authorize: Authorize) {
  return async (req: Request, res: Response) => {
    let out: ReturnType<typeof csvWriter> | undefined;
    try {
      const { orgId, keyId, input: raw, run, price, name } = await authorize(req);
      if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw badInput("The query must be a JSON object.");
      const input = coerceQuery(schema, INPUT_TYPE[name], raw, app.config.env === "production");
      rateLimiterOf(app).take(keyId, price(input));
      out = csvWriter(res, `${name}.csv`);
      await run(orgScope(app.database, orgId), input, out);
      if (!out.started) res.status(200).type("text/csv; charset=utf-8");
      res.end();
    } catch (err) {
      if (out?.started) { app.logger.error({ err }, "CSV export failed mid-stream"); res.destroy(); return; }
      // Export links say why they were refused (INVALID, EXPIRED, REVOKED) and nothing else.
      const reason = err instanceof AppError && typeof err.details?.reason === "string" ? { reason: err.details.reason } : {};
      sendRestError(app, res, err, statusOf, reason);
    }
  };
}

/** `/export` routes: the metrics query and the causal dataset as streamed CSV, org-scoped by the API key. */
export function exportRouter(app: App, schema: GraphQLSchema): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: BODY_LIMIT }));
  const runMetrics: Run = async (scope, input, out) => {
    let first = true;
    await streamMetrics(scope, input as MetricsQuery, async (rows, columns) => {
      const names = columns.map((c) => c.name);
      if (first) { await out.write(names, [Object.fromEntries(names.map((n) => [n, n]))]); first = false; }
      await out.write(names, rows);
    });
  };
  const metrics = handler(app, schema, byApiKey(app, "metrics", runMetrics, metricsExportCost));
  router.get("/metrics.csv", metrics);
  router.post("/metrics.csv", metrics);
  const runCausal: Run = async (scope, input, out) => {
    let first = true;
    await streamCausalDataset(scope, input as CausalDatasetInput, async (rows, names) => {
      if (first) { await out.write(names, [Object.fromEntries(names.map((n) => [n, n]))]); first = false; }
      await out.write(names, rows);
    });
  };
  const causal = handler(app, schema, byApiKey(app, "causal-dataset", runCausal, causalExportCost));
  router.get("/causal-dataset.csv", causal);
  router.post("/causal-dataset.csv", causal);
  // Signed links (createExportLink): the token in the URL is the whole credential, for tools that can only GET.
  router.get("/links/:file", (req, res, next) => {
    res.setHeader("cache-control", "private, no-store");
    res.setHeader("referrer-policy", "no-referrer");
    return handler(app, schema, async () => {
      const file = String(req.params.file);
      const link = await resolveExportToken(app.database.db, file.endsWith(".csv") ? file.slice(0, -4) : file);
      const [name, run, price] = link.kind === "metrics" ? ["metrics", runMetrics, metricsExportCost] as const : ["causal-dataset", runCausal, causalExportCost] as const;
      return { orgId: link.orgId, keyId: link.createdByKeyId, input: link.query, run, price, name };
    })(req, res).catch(next);
  });
  return router;
}

/** Mount for src/server/routes.ts. */
export const exportRouteMount = (app: App, schema: GraphQLSchema) => ({ path: "/export", router: exportRouter(app, schema) });

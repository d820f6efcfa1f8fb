import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import express, { type Request, type Response } from "express";
import type { App } from "../app.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { AppError, badInput, forbidden } from "../errors.js";
import { getImportBatch, importCsv, listImportBatches, type CsvImportOptions } from "../imports/csv-import.service.js";
import { rejectsCsv } from "../imports/rejects-csv.js";
import { roleAllows } from "../orgs/api-keys.js";
import { authenticate } from "./auth.js";
import { rateLimiterOf } from "./rate-limit.js";
import { sendRestError } from "./rest-errors.js";

/** Import options from the query string: `platform`, `dateFormat`, `decimalSeparator`, …, and `column.<field>=<header>`. */
export function uploadOptionsOf(query: Request["query"]): CsvImportOptions {
  const q = query as Record<string, unknown>;
  const str = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : undefined);
  const columns: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (k.startsWith("column.") && typeof v === "string") columns[k.slice(7)] = v;
  return {
    platform: str("platform") ?? "", dateFormat: str("dateFormat") as never, decimalSeparator: str("decimalSeparator") as never,
    thousandsSeparator: str("thousandsSeparator") as never, defaultCurrency: str("defaultCurrency"), delimiter: str("delimiter") as never,
    columns: Object.keys(columns).length ? columns : undefined, resultsAsConversions: str("resultsAsConversions") === "true",
  };
}

const statusOf = (code: string, err?: unknown) => ((err as AppError)?.details?.tooLarge ? 413 : code === "UNAUTHENTICATED" ? 401 : code === "FORBIDDEN" ? 403 : code === "NOT_FOUND" ? 404 : 400);

/**
 * What each route takes from the key's rate-limit bucket, in the cost model's units (src/server/cost.ts): an upload one
 * unit per 10 bytes of its file (about a cell: a value and its delimiter), so it costs like a metrics result of as many
 * cells; a batch or a page of batches a unit per field shown; a rejects download a unit per cell of its rows.
 */
const UPLOAD_BYTES_PER_UNIT = 10;
const BATCH_FIELDS = 13;
// listImportBatches' largest page.
const MAX_LIST = 500;
const uploadCost = (bytes: number) => Math.ceil(bytes / UPLOAD_BYTES_PER_UNIT);

/** Take `cost` from the caller's rate-limit bucket (RATE_LIMITED when it cannot pay). */
type Spend = (cost: number) => void;

/**
 * Authenticate with the API key (editor role to write), run (which spends its price from the key's bucket before the
 * work), and answer failures as `{errors:[{message, extensions:{code}}]}`.
 */
function handler(app: App, role: "viewer" | "editor", run: (scope: OrgScope, actor: string, req: Request, res: Response, spend: Spend) => Promise<void>) {
  return async (req: Request, res: Response) => {
    try {
      const auth = await authenticate(app, req.headers.authorization);
      if (!roleAllows(auth.role, role)) throw forbidden(`This needs an API key with the ${role} role or higher; this key is a ${auth.role} key.`);
      await run(orgScope(app.database, auth.orgId), `key:${auth.keyId}`, req, res, (cost) => rateLimiterOf(app).take(auth.keyId, cost));
    } catch (err) {
      if (res.headersSent) { app.logger.error({ err }, "CSV upload route failed mid-response"); res.destroy(); return; }
      sendRestError(app, res, err, (code) => statusOf(code, err));
    }
  };
}

const batchView = (b: Awaited<ReturnType<typeof getImportBatch>>) => ({
  id: b.id, platform: b.platform, fileName: b.fileName, fileHash: b.fileHash, fileBytes: b.fileBytes, actor: b.actor, status: b.status,
  rowsRead: b.rowsRead, rowsLoaded: b.rowsLoaded, rowsRejected: b.rowsRejected, createdAt: b.createdAt, completedAt: b.completedAt, error: b.error,
});

/**
 * `/imports` routes. `POST /imports/csv?platform=meta[&dateFormat=…&defaultCurrency=…&column.spend=Cost]` takes the file as the raw
 * request body and streams it to a temporary file (never into memory), then imports it; `GET /imports` lists batches;
 * `GET /imports/:id` shows one; `GET /imports/:id/rejects.csv` downloads the rejected rows.
 */
export function csvUploadRouter(app: App): express.Router {
  const router = express.Router();
  router.post("/csv", handler(app, "editor", async (scope, actor, req, res, spend) => {
    const max = app.config.imports.maxBytes;
    const tooLarge = () => badInput(`The upload is larger than ${max} bytes (IMPORT_MAX_BYTES); split the file.`, { tooLarge: true });
    const declared = req.headers["content-length"] === undefined ? undefined : Number(req.headers["content-length"]);
    if ((declared ?? 0) > max) { res.setHeader("connection", "close"); throw tooLarge(); }
    // A declared size pays before the body is read; a chunked upload pays by its size once on disk, before the import.
    if (declared !== undefined) {
      try { spend(uploadCost(declared)); } catch (e) { res.setHeader("connection", "close"); throw e; }
    }
    const dir = await mkdtemp(join(tmpdir(), "liftgate-upload-"));
    const file = join(dir, "upload.csv");
    try {
      let bytes = 0;
      const cap = new Transform({ transform(chunk: Buffer, _e, done) { bytes += chunk.length; done(bytes > max ? tooLarge() : null, chunk); } });
      await pipeline(req, cap, createWriteStream(file));
      if (declared === undefined) spend(uploadCost(bytes));
      const fileName = typeof req.query.fileName === "string" ? req.query.fileName : typeof req.headers["x-file-name"] === "string" ? req.headers["x-file-name"] : null;
      const result = await importCsv(scope, { open: () => createReadStream(file), fileName: fileName ?? undefined }, uploadOptionsOf(req.query), actor);
      res.status(result.duplicate ? 200 : 201).json({
        batch: batchView(result.batch), duplicate: result.duplicate, rejectsPreview: result.rejectsPreview, skipped: result.skipped,
        rejectsUrl: `${req.baseUrl}/${result.batch.id}/rejects.csv`,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }));
  router.get("/", handler(app, "viewer", async (scope, _a, req, res, spend) => {
    const limit = Math.min(Math.max(Number(req.query.limit ?? 50) || 50, 1), MAX_LIST);
    spend(limit * BATCH_FIELDS);
    res.json({ batches: (await listImportBatches(scope, limit)).map(batchView) });
  }));
  router.get("/:id", handler(app, "viewer", async (scope, _a, req, res, spend) => {
    spend(BATCH_FIELDS);
    res.json({ batch: batchView(await getImportBatch(scope, String(req.params.id))) });
  }));
  router.get("/:id/rejects.csv", handler(app, "viewer", async (scope, _a, req, res, spend) => {
    const batch = await getImportBatch(scope, String(req.params.id));
    spend(batch.rowsRejected * (2 + ((batch.mapping as { header?: unknown[] }).header?.length ?? 0)));
    const csv = await rejectsCsv(scope, batch.id);
    res.status(200).type("text/csv; charset=utf-8").setHeader("content-disposition", `attachment; filename="rejects-${req.params.id}.csv"`);
    await pipeline(csv, res);
  }));
  return router;
}

/** Mount for src/server/routes.ts: `routeMounts` gains `csvUploadRouteMount`. */
export const csvUploadRouteMount = (app: App) => ({ path: "/imports", router: csvUploadRouter(app) });

import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import express, { type Request, type Response } from "express";
import { GraphQLError } from "graphql";
import type { App } from "../app.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import { AppError, badInput, forbidden } from "../errors.js";
import { getImportBatch, importCsv, listImportBatches, type CsvImportOptions } from "../imports/csv-import.service.js";
import { rejectsCsv } from "../imports/rejects-csv.js";
import { roleAllows } from "../orgs/api-keys.js";
import { authenticate } from "./auth.js";

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

const statusOf = (code: string, err?: unknown) => ((err as AppError)?.details?.tooLarge ? 413 : code === "UNAUTHENTICATED" ? 401 : code === "FORBIDDEN" ? 403 : code === "NOT_FOUND" ? 404 : code === "INTERNAL_SERVER_ERROR" ? 500 : 400);

/** Authenticate with the API key (editor role to write), run, and answer failures as `{errors:[{message, extensions:{code}}]}`. */
function handler(app: App, role: "viewer" | "editor", run: (scope: OrgScope, actor: string, req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response) => {
    try {
      const auth = await authenticate(app, req.headers.authorization);
      if (!roleAllows(auth.role, role)) throw forbidden(`This needs an API key with the ${role} role or higher; this key is a ${auth.role} key.`);
      await run(orgScope(app.database, auth.orgId), `key:${auth.keyId}`, req, res);
    } catch (err) {
      if (res.headersSent) { app.logger.error({ err }, "CSV upload route failed mid-response"); res.destroy(); return; }
      const code = err instanceof AppError ? err.code : err instanceof GraphQLError ? String(err.extensions.code) : "INTERNAL_SERVER_ERROR";
      if (code === "INTERNAL_SERVER_ERROR") app.logger.error({ err }, "CSV upload route failed");
      res.status(statusOf(code, err)).json({ errors: [{ message: code === "INTERNAL_SERVER_ERROR" ? "Internal server error." : (err as Error).message, extensions: { code } }] });
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
  router.post("/csv", handler(app, "editor", async (scope, actor, req, res) => {
    const max = app.config.imports.maxBytes;
    const tooLarge = () => badInput(`The upload is larger than ${max} bytes (IMPORT_MAX_BYTES); split the file.`, { tooLarge: true });
    if (Number(req.headers["content-length"] ?? 0) > max) { res.setHeader("connection", "close"); throw tooLarge(); }
    const dir = await mkdtemp(join(tmpdir(), "liftgate-upload-"));
    const file = join(dir, "upload.csv");
    try {
      let bytes = 0;
      const cap = new Transform({ transform(chunk: Buffer, _e, done) { bytes += chunk.length; done(bytes > max ? tooLarge() : null, chunk); } });
      await pipeline(req, cap, createWriteStream(file));
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
  router.get("/", handler(app, "viewer", async (scope, _a, req, res) => {
    res.json({ batches: (await listImportBatches(scope, Number(req.query.limit ?? 50) || 50)).map(batchView) });
  }));
  router.get("/:id", handler(app, "viewer", async (scope, _a, req, res) => {
    res.json({ batch: batchView(await getImportBatch(scope, String(req.params.id))) });
  }));
  router.get("/:id/rejects.csv", handler(app, "viewer", async (scope, _a, req, res) => {
    const csv = await rejectsCsv(scope, String(req.params.id));
    res.status(200).type("text/csv; charset=utf-8").setHeader("content-disposition", `attachment; filename="rejects-${req.params.id}.csv"`);
    await pipeline(csv, res);
  }));
  return router;
}

/** Mount for src/server/routes.ts: `routeMounts` gains `csvUploadRouteMount`. */
export const csvUploadRouteMount = (app: App) => ({ path: "/imports", router: csvUploadRouter(app) });

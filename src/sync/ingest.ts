import { and, asc, eq, gt } from "drizzle-orm";
import { badInput } from "../errors.js";
import type { OrgScope } from "../db/scope.js";
import type { EntityRow, FactRow } from "../db/facts.js";
import { rawRecords } from "../db/tables/index.js";
import type { PluginRegistry } from "../plugins/registry.js";
import type { ConnectorPlugin } from "../plugins/types.js";
import { resolveConnection, validateConfig, type ConnectionDeps } from "./connection-service.js";
import { loadBatch } from "./loader.js";
import { transformRecord } from "./read-window.js";

/** One rejected input record: its position in the request and why. */
export interface IndexedReject {
  index: number;
  field?: string;
  reason: string;
}

export interface TransformPreview {
  facts: FactRow[];
  entities: EntityRow[];
  rejects: IndexedReject[];
}

export interface IngestSummary {
  received: number;
  factsWritten: number;
  entitiesWritten: number;
  rejected: number;
  rejects: IndexedReject[];
}

const today = () => new Date().toISOString().slice(0, 10);

function transformAll(plugin: ConnectorPlugin<any>, config: Record<string, unknown>, stream: string, records: unknown[]): TransformPreview {
  const out: TransformPreview = { facts: [], entities: [], rejects: [] };
  records.forEach((record, index) => {
    const t = transformRecord(plugin, config, stream, record, today());
    for (const r of t.rejects) out.rejects.push({ index, field: r.field, reason: r.reason });
    out.facts.push(...t.facts);
    out.entities.push(...t.entities);
  });
  return out;
}

function checkSize(records: unknown[], maxRows: number) {
  if (records.length === 0) throw badInput("records is empty; send at least one record.", { field: "records" });
  if (records.length > maxRows) throw badInput(`Too many records (${records.length}); send at most ${maxRows} per request (INGEST_MAX_ROWS).`, { field: "records" });
}

/** Normalize and validate records as a plugin's stream would, storing nothing. `config` (non-secret) overrides the sample config. */
export function previewTransform(registry: PluginRegistry, input: { pluginId: string; stream: string; records: unknown[]; config?: Record<string, unknown> }, maxRows: number): TransformPreview {
  const plugin = registry.get(input.pluginId);
  checkSize(input.records, maxRows);
  const config = validateConfig(plugin, { ...(plugin.sampleConfig as Record<string, unknown>), ...input.config });
  return transformAll(plugin, config, input.stream, input.records);
}

/** Push raw platform records of a connection's stream through its normalizer, the quality rules and the load path, in one transaction. */
export async function ingestRecords(scope: OrgScope, deps: ConnectionDeps, input: { connectionId: string; stream: string; records: unknown[] }, maxRows: number): Promise<IngestSummary> {
  checkSize(input.records, maxRows);
  const { row, plugin, config } = await resolveConnection(scope, deps, input.connectionId);
  const t = transformAll(plugin, config, input.stream, input.records);
  const rejected = new Set(t.rejects.map((r) => r.index));
  const raw = row.landRaw ? input.records.flatMap((data, i) => (rejected.has(i) ? [] : [{ stream: input.stream, key: `ingest:${JSON.stringify(data)}`.slice(0, 500), data }])) : [];
  const written = await scope.database.transaction((tx) => loadBatch(tx, { orgId: scope.orgId, connectionId: row.id, landRaw: row.landRaw }, { facts: t.facts, entities: t.entities, raw }));
  return { received: input.records.length, factsWritten: written.facts, entitiesWritten: written.entities, rejected: rejected.size, rejects: t.rejects };
}

export interface RetransformSummary {
  recordsRead: number;
  factsWritten: number;
  entitiesWritten: number;
  rejected: number;
}

/** Re-derive a connection's facts from its landed raw records (after a mapping change), without calling the platform. */
export async function retransform(scope: OrgScope, deps: ConnectionDeps, connectionId: string, pageSize = 5000): Promise<RetransformSummary> {
  const { row, plugin, config } = await resolveConnection(scope, deps, connectionId);
  if (!row.landRaw) throw badInput("This connection does not land raw records; enable landRaw and sync again before retransforming.", { field: "connectionId" });
  const sum: RetransformSummary = { recordsRead: 0, factsWritten: 0, entitiesWritten: 0, rejected: 0 };
  for (let after = 0; ; ) {
    const page = await scope.db.select().from(rawRecords)
      .where(and(eq(rawRecords.orgId, scope.orgId), eq(rawRecords.connectionId, row.id), gt(rawRecords.id, after)))
      .orderBy(asc(rawRecords.id)).limit(pageSize);
    if (page.length === 0) return sum;
    after = page.at(-1)!.id;
    const facts: FactRow[] = [];
    const entities: EntityRow[] = [];
    for (const r of page) {
      const t = transformRecord(plugin, config, r.stream, r.data, today());
      if (t.rejects.length) sum.rejected++;
      facts.push(...t.facts);
      entities.push(...t.entities);
    }
    const written = await scope.database.transaction((tx) => loadBatch(tx, { orgId: scope.orgId, connectionId: row.id, landRaw: false }, { facts, entities, raw: [] }));
    sum.recordsRead += page.length;
    sum.factsWritten += written.facts;
    sum.entitiesWritten += written.entities;
  }
}

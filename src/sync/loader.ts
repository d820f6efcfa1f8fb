import { sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client.js";
import { breakdownKeyOf, factKeyOf, upsertEntities, upsertFacts, type EntityRow, type FactRow } from "../db/facts.js";
import { rawRecords } from "../db/tables/index.js";

/** A raw record to land as-is. */
export interface RawRecord {
  stream: string;
  key: string;
  data: unknown;
}

/** What one transactional chunk writes. */
export interface LoadBatch {
  facts: FactRow[];
  entities: EntityRow[];
  raw: RawRecord[];
}

/** Columns of marketing_facts that a load writes (loaded_at comes from now()). */
export const FACT_COLUMNS = [
  "org_id", "source", "platform", "stream", "kind", "level", "date", "account_id", "campaign_id", "ad_group_id", "ad_id",
  "breakdown_key", "breakdown_set", "breakdowns", "spend", "impressions", "clicks", "conversions", "revenue", "reach",
  "video_views", "currency", "account_timezone", "attribution_setting", "extras", "sync_run_id",
] as const;

const STAGE_DDL = `create temp table if not exists liftgate_stage_facts (
  org_id uuid, source text, platform text, stream text, kind text, level text, date date, account_id text, campaign_id text,
  ad_group_id text, ad_id text, breakdown_key text, breakdown_set text, breakdowns jsonb, spend numeric, impressions bigint,
  clicks bigint, conversions numeric, revenue numeric, reach bigint, video_views bigint, currency text, account_timezone text,
  attribution_setting text, extras jsonb, sync_run_id uuid) on commit delete rows`;

const KEY = "org_id, source, stream, date, account_id, campaign_id, ad_group_id, ad_id, breakdown_key";
const UPDATABLE = FACT_COLUMNS.filter((c) => !KEY.split(", ").includes(c) && c !== "org_id");
const MERGE = `insert into marketing_facts (${FACT_COLUMNS.join(", ")}) select ${FACT_COLUMNS.join(", ")} from liftgate_stage_facts
  on conflict (${KEY}) do update set ${UPDATABLE.map((c) => `${c} = excluded.${c}`).join(", ")}, loaded_at = now()`;

const COPY_SPECIAL = /[\\\t\n\r]/;

/** One value in COPY text format: \N for null, backslash escapes for the separators. */
export function copyField(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  // Most values (ids, dates, numbers) hold none of the four: one test instead of four replaces (bench/sync).
  return COPY_SPECIAL.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}

/** The COPY text of a JSON object column: "{}" for none or an empty one. */
function jsonField(v: Record<string, unknown> | undefined): string {
  if (v) for (const _ in v) return copyField(v);
  return "{}";
}

/**
 * COPY lines of facts, one per row, in FACT_COLUMNS order, with toFactInsert's defaults. Written out field by field:
 * building the insert object, an array and a join for every row cost more than the COPY itself (bench/sync).
 */
export function* factCopyLines(orgId: string, source: string, rows: FactRow[], runId?: string): Generator<string> {
  const head = `${copyField(orgId)}\t${copyField(source)}\t`;
  const tail = `\t${copyField(runId)}\n`;
  for (const r of rows) {
    const b = breakdownKeyOf(r.breakdowns);
    yield head + copyField(r.platform) + "\t" + copyField(r.stream) + "\t" + copyField(r.kind ?? "media") + "\t" + copyField(r.level ?? "ad") +
      "\t" + copyField(r.date) + "\t" + copyField(r.accountId ?? "") + "\t" + copyField(r.campaignId ?? "") + "\t" + copyField(r.adGroupId ?? "") +
      "\t" + copyField(r.adId ?? "") + "\t" + copyField(b.key) + "\t" + copyField(b.set) + "\t" + jsonField(r.breakdowns) +
      "\t" + copyField(r.spend ?? "0") + "\t" + copyField(r.impressions ?? 0) + "\t" + copyField(r.clicks ?? 0) + "\t" + copyField(r.conversions ?? "0") +
      "\t" + copyField(r.revenue ?? "0") + "\t" + copyField(r.reach) + "\t" + copyField(r.videoViews) + "\t" + copyField(r.currency) +
      "\t" + copyField(r.accountTimezone) + "\t" + copyField(r.attributionSetting) + "\t" + jsonField(r.extras) + tail;
  }
}

/** PostgreSQL's fast path: COPY into a session temp table, then one INSERT … SELECT … ON CONFLICT DO UPDATE. */
async function copyUpsertFacts(tx: Tx & { copyText: NonNullable<Tx["copyText"]> }, orgId: string, source: string, input: FactRow[], runId?: string) {
  const byKey = new Map<string, FactRow>();
  for (const r of input) byKey.set(factKeyOf(r), r);
  await tx.db.execute(sql.raw(STAGE_DDL));
  await tx.copyText("liftgate_stage_facts", [...FACT_COLUMNS], factCopyLines(orgId, source, byKey.size === input.length ? input : [...byKey.values()], runId));
  await tx.db.execute(sql.raw(MERGE));
  return byKey.size;
}

/** Idempotent upsert of facts on the fastest path the driver has. */
export function loadFacts(tx: Tx, orgId: string, source: string, rows: FactRow[], runId?: string): Promise<number> {
  if (rows.length === 0) return Promise.resolve(0);
  return tx.copyText ? copyUpsertFacts(tx as never, orgId, source, rows, runId) : upsertFacts(tx.db, orgId, source, rows, runId);
}

/** Land raw records, replacing earlier versions of the same key. */
export async function landRaw(db: Db, orgId: string, connectionId: string, records: RawRecord[], runId?: string): Promise<void> {
  const byKey = new Map<string, RawRecord>();
  for (const r of records) byKey.set(`${r.stream}\u0000${r.key}`, r);
  const rows = [...byKey.values()];
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(rawRecords)
      .values(rows.slice(i, i + 1000).map((r) => ({ orgId, connectionId, stream: r.stream, recordKey: r.key, data: r.data as object, syncRunId: runId ?? null })))
      .onConflictDoUpdate({ target: [rawRecords.connectionId, rawRecords.stream, rawRecords.recordKey], set: { data: sql`excluded.data`, syncRunId: sql`excluded.sync_run_id`, emittedAt: sql`now()` } });
  }
}

/** The writes of one chunk's load transaction, in order (ChunkStepHook names the one about to run). */
export type ChunkStep = "facts" | "entities" | "raw" | "state" | "progress" | "commit";
/** Called before each step of a chunk's transaction, inside it (tests inject failures and crashes there). */
export type ChunkStepHook = (step: ChunkStep) => void | Promise<void>;

/** Write one chunk inside the caller's transaction; returns facts and entities written. */
export async function loadBatch(tx: Tx, target: { orgId: string; connectionId: string; runId?: string; landRaw: boolean }, batch: LoadBatch, step?: ChunkStepHook) {
  await step?.("facts");
  const facts = await loadFacts(tx, target.orgId, target.connectionId, batch.facts, target.runId);
  await step?.("entities");
  const entities = batch.entities.length ? await upsertEntities(tx.db, target.orgId, target.connectionId, batch.entities) : 0;
  await step?.("raw");
  if (target.landRaw && batch.raw.length) await landRaw(tx.db, target.orgId, target.connectionId, batch.raw, target.runId);
  return { facts, entities };
}

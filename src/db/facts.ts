import { sql } from "drizzle-orm";
import { adEntities, marketingFacts } from "./tables/index.js";
import type { Database, Db } from "./client.js";
import type { EntityLevel } from "./tables/ad-entities.js";

/** A unified daily fact as plugins and ingestFacts produce it (before org and source are attached). */
export interface FactRow {
  platform: string;
  stream: string;
  kind?: "media" | "outcome";
  level?: EntityLevel;
  /** YYYY-MM-DD, the platform's reporting day in the account timezone. */
  date: string;
  accountId?: string;
  campaignId?: string;
  adGroupId?: string;
  adId?: string;
  breakdowns?: Record<string, string>;
  /** Decimal strings or numbers; stored as numeric, never float. */
  spend?: string | number;
  impressions?: number;
  clicks?: number;
  conversions?: string | number;
  revenue?: string | number;
  reach?: number | null;
  videoViews?: number | null;
  currency: string;
  accountTimezone?: string | null;
  attributionSetting?: string | null;
  extras?: Record<string, unknown>;
}

/** An entity of the ad dimension as plugins produce it. */
export interface EntityRow {
  platform: string;
  level: EntityLevel;
  externalId: string;
  parentExternalId?: string | null;
  accountExternalId?: string | null;
  name?: string | null;
  status?: string | null;
  objective?: string | null;
  currency?: string | null;
  timezone?: string | null;
  extras?: Record<string, unknown>;
}

/** Canonical breakdown key and set: keys sorted, "k=v|k=v" and "k,k". */
export function breakdownKeyOf(b: Record<string, string> | undefined): { key: string; set: string } {
  if (!b) return { key: "", set: "" };
  const keys = Object.keys(b).sort();
  return { key: keys.map((k) => `${k}=${b[k]}`).join("|"), set: keys.join(",") };
}

const str = (v: string | number | undefined) => (v === undefined ? "0" : String(v));

/** Map a FactRow to the insert shape of marketing_facts. */
export function toFactInsert(orgId: string, source: string, r: FactRow, syncRunId?: string) {
  const { key, set } = breakdownKeyOf(r.breakdowns);
  return {
    orgId, source, syncRunId: syncRunId ?? null,
    platform: r.platform, stream: r.stream, kind: r.kind ?? "media", level: r.level ?? "ad",
    date: r.date, accountId: r.accountId ?? "", campaignId: r.campaignId ?? "", adGroupId: r.adGroupId ?? "", adId: r.adId ?? "",
    breakdownKey: key, breakdownSet: set, breakdowns: r.breakdowns ?? {},
    spend: str(r.spend), impressions: r.impressions ?? 0, clicks: r.clicks ?? 0,
    conversions: str(r.conversions), revenue: str(r.revenue),
    reach: r.reach ?? null, videoViews: r.videoViews ?? null,
    currency: r.currency, accountTimezone: r.accountTimezone ?? null, attributionSetting: r.attributionSetting ?? null,
    extras: r.extras ?? {},
  };
}

/** The natural key of a fact within one org and source. */
export function factKeyOf(r: FactRow): string {
  return `${r.stream}\u0000${r.date}\u0000${r.accountId ?? ""}\u0000${r.campaignId ?? ""}\u0000${r.adGroupId ?? ""}\u0000${r.adId ?? ""}\u0000${r.breakdowns ? breakdownKeyOf(r.breakdowns).key : ""}`;
}

/** One row per key, the last one winning: a statement may not update the same row twice. */
function dedupeLastWins<T>(rows: T[], keyOf: (r: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const r of rows) byKey.set(keyOf(r), r);
  return byKey.size === rows.length ? rows : [...byKey.values()];
}

// 65,535 bind parameters per statement; ~30 columns a row.
const CHUNK = 1000;

/** Idempotent upsert of facts on their natural key: the same key again updates the row, never duplicates it. */
export async function upsertFacts(db: Db, orgId: string, source: string, input: FactRow[], syncRunId?: string): Promise<number> {
  const rows = dedupeLastWins(input, factKeyOf);
  let written = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((r) => toFactInsert(orgId, source, r, syncRunId));
    await db
      .insert(marketingFacts)
      .values(values)
      .onConflictDoUpdate({
        target: [
          marketingFacts.orgId, marketingFacts.source, marketingFacts.stream, marketingFacts.date, marketingFacts.accountId,
          marketingFacts.campaignId, marketingFacts.adGroupId, marketingFacts.adId, marketingFacts.breakdownKey,
        ],
        set: {
          platform: sql`excluded.platform`, kind: sql`excluded.kind`, level: sql`excluded.level`,
          breakdowns: sql`excluded.breakdowns`, breakdownSet: sql`excluded.breakdown_set`,
          spend: sql`excluded.spend`, impressions: sql`excluded.impressions`, clicks: sql`excluded.clicks`,
          conversions: sql`excluded.conversions`, revenue: sql`excluded.revenue`, reach: sql`excluded.reach`,
          videoViews: sql`excluded.video_views`, currency: sql`excluded.currency`,
          accountTimezone: sql`excluded.account_timezone`, attributionSetting: sql`excluded.attribution_setting`,
          extras: sql`excluded.extras`, syncRunId: sql`excluded.sync_run_id`, loadedAt: sql`now()`,
        },
      });
    written += values.length;
  }
  return written;
}

// Entity columns an upsert fills in when the new value is not null.
const MERGED_ENTITY = [["connection_id"], ["parent_external_id"], ["account_external_id"], ["name"], ["status"], ["objective"], ["currency"], ["timezone"]] as const;

/** Idempotent upsert of entities on (org, platform, level, external id); rows that would not change are left alone. */
export async function upsertEntities(db: Db, orgId: string, connectionId: string | null, input: EntityRow[]): Promise<number> {
  const rows = dedupeLastWins(input, (e) => `${e.platform}\u0000${e.level}\u0000${e.externalId}`);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map((e) => ({
      orgId, connectionId, platform: e.platform, level: e.level, externalId: e.externalId,
      parentExternalId: e.parentExternalId ?? null, accountExternalId: e.accountExternalId ?? null,
      name: e.name ?? null, status: e.status ?? null, objective: e.objective ?? null,
      currency: e.currency ?? null, timezone: e.timezone ?? null, extras: e.extras ?? {},
    }));
    await db
      .insert(adEntities)
      .values(values)
      .onConflictDoUpdate({
        target: [adEntities.orgId, adEntities.platform, adEntities.level, adEntities.externalId],
        set: {
          connectionId: sql`coalesce(excluded.connection_id, ${adEntities.connectionId})`,
          parentExternalId: sql`coalesce(excluded.parent_external_id, ${adEntities.parentExternalId})`,
          accountExternalId: sql`coalesce(excluded.account_external_id, ${adEntities.accountExternalId})`,
          name: sql`coalesce(excluded.name, ${adEntities.name})`,
          status: sql`coalesce(excluded.status, ${adEntities.status})`,
          objective: sql`coalesce(excluded.objective, ${adEntities.objective})`,
          currency: sql`coalesce(excluded.currency, ${adEntities.currency})`,
          timezone: sql`coalesce(excluded.timezone, ${adEntities.timezone})`,
          extras: sql`${adEntities.extras} || excluded.extras`,
          updatedAt: sql`now()`,
        },
        // An entity seen again unchanged (every daily record repeats its campaign and ad) is not rewritten.
        setWhere: sql`(${sql.join(MERGED_ENTITY.map(([c]) => sql.raw(`coalesce(excluded.${c}, ad_entities.${c})`)), sql`, `)}, ad_entities.extras || excluded.extras)
          is distinct from (${sql.join(MERGED_ENTITY.map(([c]) => sql.raw(`ad_entities.${c}`)), sql`, `)}, ad_entities.extras)`,
      });
  }
  return rows.length;
}

/** Facts written by one sync run or import from which PGlite's planner statistics are refreshed (see refreshFactStatistics). */
export const ANALYZE_FACTS_AFTER = 10_000;

/**
 * PGlite runs no autovacuum: after a big load, refresh the statistics of the facts and their rollups so the metrics
 * planner estimates real row counts (it hash-joins and hash-aggregates on them). PostgreSQL's autovacuum does this itself.
 */
export async function refreshFactStatistics(database: Database, written: number): Promise<void> {
  if (database.driver === "pglite" && written >= ANALYZE_FACTS_AFTER) await database.db.execute(sql`analyze marketing_facts, metrics_daily, metrics_periods`);
}

import { and, asc, gte, lte, eq } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import type { OrgScope } from "../../db/scope.js";
import { touchpoints } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import { parseUtm } from "./mta/utm.js";
import type { Journey } from "./mta/types.js";

/** One journey event to ingest: a touch (with a channel, or a landing URL to parse) or a conversion. */
export interface TouchpointInput {
  /** User or journey id. */
  journeyId: string;
  /** ISO timestamp. */
  occurredAt: string;
  /** "touch" (default) or "conversion". */
  kind?: "touch" | "conversion" | null;
  /** Landing-page URL; its UTM parameters give channel, campaign, source and medium. */
  url?: string | null;
  /** Channel, when there is no URL (or to override it). */
  channel?: string | null;
  /** Campaign, overriding utm_campaign. */
  campaign?: string | null;
  /** Conversion value (conversions only; default 1). */
  value?: number | null;
}

// One ingest call: bounded so a single mutation stays a reasonable transaction.
const MAX_TOUCHPOINTS = 100_000;

/** Parse a CSV of touchpoints (journey_id, occurred_at, kind, url, channel, campaign, value). */
export function touchpointsFromCsv(csv: string): TouchpointInput[] {
  let rows: Record<string, string>[];
  try { rows = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true }); }
  catch (e) { throw badInput(`The touchpoint CSV could not be read: ${(e as Error).message}`); }
  if (rows.length && (!("journey_id" in rows[0]!) || !("occurred_at" in rows[0]!))) throw badInput("The touchpoint CSV needs journey_id and occurred_at columns (plus url or channel, kind, value).");
  return rows.map((r) => ({ journeyId: r.journey_id!, occurredAt: r.occurred_at!, kind: (r.kind || "touch") as "touch", url: r.url || null, channel: r.channel || null, campaign: r.campaign || null, value: r.value ? Number(r.value) : null }));
}

/** Store touchpoints idempotently (same journey, time, kind and channel = same row). Returns rows stored. */
export async function ingestTouchpoints(scope: OrgScope, input: TouchpointInput[]): Promise<number> {
  if (input.length === 0) throw badInput("Give at least one touchpoint.");
  if (input.length > MAX_TOUCHPOINTS) throw badInput(`At most ${MAX_TOUCHPOINTS} touchpoints per call; split the upload.`);
  const rows = input.map((t, i) => {
    const at = new Date(t.occurredAt);
    if (!t.journeyId || Number.isNaN(at.getTime())) throw badInput(`Touchpoint ${i + 1} needs a journeyId and an ISO occurredAt; got "${t.journeyId}", "${t.occurredAt}".`);
    const kind = t.kind ?? "touch";
    if (kind !== "touch" && kind !== "conversion") throw badInput(`Touchpoint ${i + 1}: kind must be touch or conversion.`);
    if (kind === "conversion") {
      if (t.value != null && !Number.isFinite(t.value)) throw badInput(`Touchpoint ${i + 1}: value must be a number.`);
      return { orgId: scope.orgId, journeyId: t.journeyId, occurredAt: at, kind, channel: "", value: t.value ?? 1 };
    }
    const utm = t.url ? parseUtm(t.url) : null;
    const channel = t.channel?.trim() || utm?.channel;
    if (!channel) throw badInput(`Touchpoint ${i + 1} needs a url with UTM parameters or a channel.`);
    return { orgId: scope.orgId, journeyId: t.journeyId, occurredAt: at, kind, channel, campaign: t.campaign ?? utm?.campaign ?? null, source: utm?.source ?? null, medium: utm?.medium ?? null, url: t.url ?? null };
  });
  await scope.database.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 2000) await tx.db.insert(touchpoints).values(rows.slice(i, i + 2000)).onConflictDoNothing();
  });
  return rows.length;
}

/** Journeys in a window: touches up to each journey's first conversion (touches after it are dropped). */
export async function loadJourneys(scope: OrgScope, window: { from?: string | null; to?: string | null } = {}): Promise<Journey[]> {
  const rows = await scope.db.select().from(touchpoints).where(and(eq(touchpoints.orgId, scope.orgId),
    window.from ? gte(touchpoints.occurredAt, new Date(`${window.from}T00:00:00Z`)) : undefined,
    window.to ? lte(touchpoints.occurredAt, new Date(`${window.to}T23:59:59.999Z`)) : undefined))
    .orderBy(asc(touchpoints.journeyId), asc(touchpoints.occurredAt), asc(touchpoints.id));
  const journeys = new Map<string, Journey>();
  for (const r of rows) {
    const j = journeys.get(r.journeyId) ?? journeys.set(r.journeyId, { id: r.journeyId, touches: [], converted: false, value: 0 }).get(r.journeyId)!;
    if (j.converted) continue;
    if (r.kind === "conversion") { j.converted = true; j.value = r.value ?? 1; j.convertedAt = r.occurredAt.toISOString(); }
    else j.touches.push({ channel: r.channel, campaign: r.campaign, at: r.occurredAt.toISOString() });
  }
  return [...journeys.values()].filter((j) => j.touches.length > 0);
}

import type { EntityRow, FactRow } from "../../db/facts.js";
import type { NormalizedRows, Reject } from "../types.js";
import type { JsonHttpConfig, JsonHttpRow } from "./json-http-config.js";

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A decimal measure as a string, or a reject when it is not a number. */
function decimal(row: JsonHttpRow, field: "spend" | "conversions" | "revenue", rejects: Reject[]): string {
  const v = row[field];
  if (v === undefined || v === null || v === "") return "0";
  const s = String(v).trim();
  if (!DECIMAL.test(s)) rejects.push({ field, reason: `${field} must be a decimal number, got ${JSON.stringify(v).slice(0, 40)}` });
  return s;
}

function integer(row: JsonHttpRow, field: "impressions" | "clicks", rejects: Reject[]): number {
  const v = row[field];
  if (v === undefined || v === null || v === "") return 0;
  const n = Number(v);
  if (!Number.isSafeInteger(n)) rejects.push({ field, reason: `${field} must be a whole number, got ${JSON.stringify(v).slice(0, 40)}` });
  return n;
}

/** Map one endpoint row to a fact at ad level (or campaign level when the row has no ad_id) plus its entities. */
export function normalizeJsonHttp(stream: string, record: unknown, config: JsonHttpConfig): NormalizedRows {
  const row = (record ?? {}) as JsonHttpRow;
  const rejects: Reject[] = [];
  if (typeof row !== "object" || Array.isArray(row)) return { facts: [], entities: [], rejects: [{ reason: "record must be a JSON object" }] };
  if (typeof row.date !== "string" || !ISO_DATE.test(row.date)) rejects.push({ field: "date", reason: "date must be YYYY-MM-DD" });
  if (!row.campaign_id) rejects.push({ field: "campaign_id", reason: "campaign_id is required" });
  const accountId = row.account_id ?? config.accountId;
  const fact: FactRow = {
    platform: config.platform, stream, level: row.ad_id ? "ad" : "campaign", date: row.date,
    accountId, campaignId: String(row.campaign_id ?? ""), adId: row.ad_id ? String(row.ad_id) : undefined,
    spend: decimal(row, "spend", rejects), impressions: integer(row, "impressions", rejects), clicks: integer(row, "clicks", rejects),
    conversions: decimal(row, "conversions", rejects), revenue: decimal(row, "revenue", rejects),
    currency: row.currency ?? config.currency,
  };
  if (rejects.length > 0) return { facts: [], entities: [], rejects };
  const entities: EntityRow[] = [
    { platform: config.platform, level: "campaign", externalId: fact.campaignId!, accountExternalId: accountId, parentExternalId: accountId, name: row.campaign_name ?? null },
  ];
  if (row.ad_id) entities.push({ platform: config.platform, level: "ad", externalId: String(row.ad_id), accountExternalId: accountId, parentExternalId: fact.campaignId!, name: row.ad_name ?? null });
  return { facts: [fact], entities, rejects };
}

import { z } from "zod";
import { DIMENSIONS, GRAINS, MEASURES, type MetricsQuery } from "../metrics/query.js";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a YYYY-MM-DD date");
const range = z.object({ from: day, to: day }).strict();

/**
 * The part of MetricsQuery a question may produce (no paging cursor, no breakdowns), as a zod schema:
 * its JSON Schema constrains the OpenAI tool call and the same schema validates the arguments that come back.
 */
export const askQuerySchema = z.object({
  measures: z.array(z.enum(MEASURES)).min(1).describe("What to report, e.g. spend, roas, cpa."),
  dimensions: z.array(z.enum(DIMENSIONS.filter((d) => d !== "breakdown") as [string, ...string[]])).optional()
    .describe("Group rows by these; use campaignName/adGroupName/adName/accountName for names, platform for channel."),
  grain: z.enum(GRAINS).optional().describe("Time grain of rows; omit for totals over the range."),
  dateRange: range.describe("Inclusive period."),
  filters: z.array(z.object({
    dimension: z.enum(DIMENSIONS),
    operator: z.enum(["equals", "in", "notIn", "contains"]),
    values: z.array(z.string()).min(1),
  }).strict()).optional().describe('Platforms are "meta", "google_ads", "tiktok", "klaviyo".'),
  having: z.array(z.object({
    measure: z.enum(MEASURES), operator: z.enum(["gt", "gte", "lt", "lte", "eq", "neq"]), value: z.number(),
  }).strict()).optional(),
  compareTo: z.discriminatedUnion("type", [
    z.object({ type: z.literal("previousPeriod") }).strict(),
    z.object({ type: z.literal("samePeriodLastYear") }).strict(),
    z.object({ type: z.literal("custom"), range }).strict(),
  ]).optional(),
  orderBy: z.array(z.object({ field: z.string(), direction: z.enum(["asc", "desc"]) }).strict()).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
}).strict();

/** JSON Schema of askQuerySchema, for the tool's `parameters`. */
export const askQueryJsonSchema = () => z.toJSONSchema(askQuerySchema) as Record<string, unknown>;

/** Parse tool arguments into a MetricsQuery, or say what is wrong with them. */
export function parseAskQuery(args: unknown): { query: MetricsQuery } | { error: string } {
  const r = askQuerySchema.safeParse(args);
  if (!r.success) return { error: r.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`).join("; ") };
  return { query: r.data as MetricsQuery };
}

import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.js";
import type { OrgScope } from "../../db/scope.js";
import { adEntities, marketingFacts, type AdEntity, type MarketingFact } from "../../db/tables/index.js";
import { badInput } from "../../errors.js";
import type { FactIds } from "./fact-ids.js";

export interface FactFilter {
  from?: string;
  to?: string;
  platforms?: string[];
  /** Connection ids (or ingest sources). */
  sources?: string[];
  streams?: string[];
  accountIds?: string[];
  campaignIds?: string[];
  adGroupIds?: string[];
  adIds?: string[];
}

export type FactOrder = "DATE_ASC" | "DATE_DESC";

export interface FactPage {
  rows: FactWithRelations[];
  cursors: string[];
  hasNextPage: boolean;
  /** Backward pages: more facts precede this page. Forward pages: a cursor was given. */
  hasPreviousPage: boolean;
}

export const MAX_PAGE = 1000;

function whereOf(scope: OrgScope, f: FactFilter): SQL {
  const t = marketingFacts;
  const parts: (SQL | undefined)[] = [eq(t.orgId, scope.orgId)];
  if (f.from) parts.push(gte(t.date, f.from));
  if (f.to) parts.push(lte(t.date, f.to));
  for (const [key, column] of LISTS) {
    const values = f[key] as string[] | undefined;
    if (values?.length) parts.push(inArray(column, values));
  }
  return and(...parts)!;
}

const t = marketingFacts;
const LISTS = [
  ["platforms", t.platform], ["sources", t.source], ["streams", t.stream], ["accountIds", t.accountId],
  ["campaignIds", t.campaignId], ["adGroupIds", t.adGroupId], ["adIds", t.adId],
] as const;

const pageSize = (n: number, name: string) => {
  if (!Number.isInteger(n) || n < 0 || n > MAX_PAGE) throw badInput(`${name} must be between 0 and ${MAX_PAGE}.`, { field: name });
  return n;
};

/** The entities a fact points at, by the field that exposes them. */
export const FACT_RELATIONS = { account: ["account", t.accountId], campaign: ["campaign", t.campaignId], adGroup: ["ad_group", t.adGroupId], ad: ["ad", t.adId] } as const;
export type FactRelation = keyof typeof FACT_RELATIONS;

/** A fact with the entities the page joined in (a relation asked for but absent is null). */
export type FactWithRelations = MarketingFact & { joined?: Partial<Record<FactRelation, AdEntity | null>> };

interface PageShape {
  descending: boolean;
  cursor: boolean;
  filter: FactFilter;
  relations: readonly FactRelation[];
}

/**
 * The page statement for one shape (direction, cursor, which filters, which relations): the facts in keyset order
 * with each asked-for relation left-joined on the entity key, so a page with its campaign and ad names is one
 * statement. Values are placeholders, so a shape is built once and, on PostgreSQL, prepared once per connection.
 */
function pageQuery(db: Db, shape: PageShape, values?: Record<string, unknown>) {
  const p = (name: string) => (values ? sql.param(values[name]) : sql.placeholder(name));
  const parts: SQL[] = [sql`${t.orgId} = ${p("org")}`];
  if (shape.filter.from) parts.push(sql`${t.date} >= ${p("from")}::date`);
  if (shape.filter.to) parts.push(sql`${t.date} <= ${p("to")}::date`);
  for (const [key, column] of LISTS) if (shape.filter[key]?.length) parts.push(sql`${column} = any(${p(key)}::text[])`);
  // A row comparison on the (org, date, id) index: an index range at any depth, unlike date > d or (date = d and id > i).
  if (shape.cursor) parts.push(shape.descending ? sql`(${t.date}, ${t.id}) < (${p("date")}::date, ${p("id")}::bigint)` : sql`(${t.date}, ${t.id}) > (${p("date")}::date, ${p("id")}::bigint)`);
  const fields: Record<string, unknown> = { fact: t };
  const joins = shape.relations.map((name) => {
    const [level, column] = FACT_RELATIONS[name];
    const e = alias(adEntities, `rel_${name}`);
    fields[name] = e;
    return { e, on: and(eq(e.orgId, t.orgId), eq(e.platform, t.platform), eq(e.level, level), eq(e.externalId, column))! };
  });
  let query = db.select(fields as { fact: typeof t }).from(t).$dynamic();
  for (const { e, on } of joins) query = query.leftJoin(e, on);
  return query
    .where(and(...parts))
    .orderBy(...(shape.descending ? [desc(t.date), desc(t.id)] : [asc(t.date), asc(t.id)]))
    .limit(values ? (values.limit as number) : sql.placeholder("limit"));
}

const shapeKey = (s: PageShape) =>
  [s.descending ? "d" : "a", s.cursor ? "c" : "", s.filter.from ? "f" : "", s.filter.to ? "t" : "", ...LISTS.map(([k]) => (s.filter[k]?.length ? k : "")), ...s.relations].join(",");

// Prepared page statements per database and shape; shapes are few (direction × cursor × filters × relations), capped anyway.
const prepared = new WeakMap<Db, Map<string, ReturnType<ReturnType<typeof pageQuery>["prepare"]>>>();
const MAX_SHAPES = 256;

function preparedPage(db: Db, shape: PageShape) {
  let byShape = prepared.get(db);
  if (!byShape) prepared.set(db, (byShape = new Map()));
  const key = shapeKey(shape);
  let query = byShape.get(key);
  if (!query) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    query = pageQuery(db, shape).prepare(`facts_page_${byShape.size}_${key.replace(/[^a-z]/gi, "")}`.slice(0, 60));
    byShape.set(key, query);
  }
  return query;
}

/** A page statement with its values bound, as listFacts runs it (tests EXPLAIN it). */
export const factsPageSql = (scope: OrgScope, shape: PageShape, values: { limit: number; date?: string; id?: number } & FactFilter) =>
  pageQuery(scope.db, shape, { org: scope.orgId, ...values }).getSQL();

/**
 * A keyset-paginated page of facts ordered by (date, id): forward with first/after, or backward with
 * last/before (the page just before the cursor, still in the requested order). The cursor condition is a
 * row comparison, (date, id) > (d, id), which PostgreSQL matches against the (org, date, id) order directly.
 * Cursors are sealed by `ids` (fact-ids.ts): they carry (date, id) without showing the id.
 * `relations` are joined into the same statement (each row's `joined`).
 */
export async function listFacts(
  scope: OrgScope,
  filter: FactFilter,
  page: { first: number; after?: string; last?: number | null; before?: string | null; orderBy: FactOrder },
  ids: Pick<FactIds, "cursor" | "parseCursor">,
  relations: readonly FactRelation[] = [],
): Promise<FactPage> {
  const backward = page.last != null || Boolean(page.before);
  if (backward && page.after) throw badInput("Page one way at a time: give first/after or last/before, not after with before.", { field: "before" });
  const size = backward ? pageSize(page.last ?? page.first, "last") : pageSize(page.first, "first");
  if (filter.from && filter.to && filter.from > filter.to) throw badInput("The date range ends before it starts: `from` must be on or before `to`.");
  // Reading backwards walks the requested order in reverse, then flips the page.
  const descending = (page.orderBy === "DATE_DESC") !== backward;
  const cursor = backward ? page.before : page.after;
  const values: Record<string, unknown> = { org: scope.orgId, from: filter.from, to: filter.to, limit: size + 1 };
  for (const [key] of LISTS) values[key] = filter[key];
  if (cursor) {
    const at = ids.parseCursor(cursor);
    const field = backward ? "before" : "after";
    if (!at) throw badInput(`The \`${field}\` cursor is not valid; pass ${backward ? "a `startCursor`" : "an `endCursor`"} or edge \`cursor\` returned by this query.`, { field });
    Object.assign(values, at);
  }
  const result = (await preparedPage(scope.db, { descending, cursor: Boolean(cursor), filter, relations }).execute(values)) as Record<string, unknown>[];
  const rows = result.map((r) => {
    const fact = r.fact as FactWithRelations;
    if (relations.length) fact.joined = Object.fromEntries(relations.map((name) => [name, (r[name] as AdEntity | null) ?? null]));
    return fact;
  });
  const more = rows.length > size;
  const pageRows = rows.slice(0, size);
  if (backward) pageRows.reverse();
  const cursors = pageRows.map((r) => ids.cursor(r.date, r.id));
  return backward
    ? { rows: pageRows, cursors, hasNextPage: Boolean(page.before), hasPreviousPage: more }
    : { rows: pageRows, cursors, hasNextPage: more, hasPreviousPage: Boolean(page.after) };
}

/** Number of facts matching a filter (only computed when a client asks for totalCount). */
export async function countFacts(scope: OrgScope, filter: FactFilter): Promise<number> {
  const [row] = await scope.db.select({ n: count() }).from(marketingFacts).where(whereOf(scope, filter));
  return Number(row?.n ?? 0);
}

import { and, count, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { queryRows } from "../../db/query.js";
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

/**
 * The columns a page reads, by drizzle key: the fact's (id and date always, for cursors and ids) and each joined
 * relation's (id always, to tell a found entity from a missing one). Absent: every column.
 */
export interface FactColumns {
  fact?: readonly string[];
  relations?: Partial<Record<FactRelation, readonly string[]>>;
}

interface PageShape {
  descending: boolean;
  cursor: boolean;
  filter: FactFilter;
  relations: readonly FactRelation[];
  columns?: FactColumns;
}

type Columns = [key: string, column: { name: string; mapFromDriverValue(value: unknown): unknown }][];
const FACT_COLUMNS = Object.entries(getTableColumns(marketingFacts)) as unknown as Columns;
const ENTITY_COLUMNS = Object.entries(getTableColumns(adEntities)) as unknown as Columns;
// The decoders of a column subset, built once per subset: no per-cell string building.
type Decoder = [key: string, alias: string, decode: (value: unknown) => unknown][];
const decoders = new Map<string, Decoder>();
/** The columns of `all` named by `keys` (plus `always`), in table order, each with its alias in a row and its decoder. */
function decoderOf(all: Columns, prefix: string, keys: readonly string[] | undefined, always: readonly string[]): Decoder {
  const id = `${prefix}:${keys?.join(",") ?? "*"}`;
  let list = decoders.get(id);
  if (list) return list;
  const wanted = keys && new Set([...always, ...keys]);
  list = all.flatMap(([key, column], i) => (!wanted || wanted.has(key) ? [[key, `${prefix}${i}`, (v: unknown) => column.mapFromDriverValue(v)] as Decoder[number]] : []));
  if (decoders.size < 1_000) decoders.set(id, list);
  return list;
}
const factDecoder = (columns?: FactColumns) => decoderOf(FACT_COLUMNS, "f", columns?.fact, ["id", "date"]);
const entityDecoder = (columns: FactColumns | undefined, relation: FactRelation, r: number) => decoderOf(ENTITY_COLUMNS, `e${r}_`, columns?.relations?.[relation], ["id"]);
const select = (alias: string, decoder: Decoder, all: Columns) =>
  decoder.map(([key, as]) => `${alias}."${all.find(([k]) => k === key)![1].name}" as "${as}"`).join(", ");

/**
 * The page statement for one shape (direction, cursor, which filters, which relations): the facts in keyset order
 * with each asked-for relation left-joined on the entity key, so a page with its campaign and ad names is one
 * statement. Its text depends only on the shape (values are parameters), so PostgreSQL prepares it once per
 * connection. Columns come back under short aliases and are decoded by each drizzle column, as drizzle would,
 * without its generic per-cell mapping (which cost more than the rest of a 100-row page, bench/read-path).
 */
function pageQuery(shape: PageShape, values: Record<string, unknown>): SQL {
  const p = (name: string) => sql.param(values[name]);
  const parts: SQL[] = [sql`f.org_id = ${p("org")}`];
  if (shape.filter.from) parts.push(sql`f.date >= ${p("from")}::date`);
  if (shape.filter.to) parts.push(sql`f.date <= ${p("to")}::date`);
  for (const [key, column] of LISTS) if (shape.filter[key]?.length) parts.push(sql`f.${sql.identifier(column.name)} = any(${p(key)}::text[])`);
  // A row comparison on the (org, date, id) index: an index range at any depth, unlike date > d or (date = d and id > i).
  if (shape.cursor) parts.push(sql`(f.date, f.id) ${sql.raw(shape.descending ? "<" : ">")} (${p("date")}::date, ${p("id")}::bigint)`);
  const joins = shape.relations.map((name, r) => {
    const [level, column] = FACT_RELATIONS[name];
    const e = `e${r}`;
    return `left join ad_entities ${e} on ${e}.org_id = f.org_id and ${e}.platform = f.platform and ${e}.level = '${level}' and ${e}.external_id = f."${column.name}"`;
  });
  const columns = [select("f", factDecoder(shape.columns), FACT_COLUMNS), ...shape.relations.map((name, r) => select(`e${r}`, entityDecoder(shape.columns, name, r), ENTITY_COLUMNS))].join(", ");
  const dir = shape.descending ? "desc" : "asc";
  return sql`select ${sql.raw(columns)} from marketing_facts f ${sql.raw(joins.join(" "))}
    where ${sql.join(parts, sql` and `)} order by f.date ${sql.raw(dir)}, f.id ${sql.raw(dir)} limit ${p("limit")}`;
}

function decode(row: Record<string, unknown>, list: Decoder): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, alias, dec] of list) {
    const raw = row[alias];
    out[key] = raw === null || raw === undefined ? null : dec(raw);
  }
  return out;
}

/** A page statement with its values bound, as listFacts runs it (tests EXPLAIN it). */
export const factsPageSql = (scope: OrgScope, shape: PageShape, values: { limit: number; date?: string; id?: number } & FactFilter) =>
  pageQuery(shape, { org: scope.orgId, ...values });

/**
 * A keyset-paginated page of facts ordered by (date, id): forward with first/after, or backward with
 * last/before (the page just before the cursor, still in the requested order). The cursor condition is a
 * row comparison, (date, id) > (d, id), which PostgreSQL matches against the (org, date, id) order directly.
 * Cursors are sealed by `ids` (fact-ids.ts): they carry (date, id) without showing the id.
 * `relations` are joined into the same statement (each row's `joined`). With `columns`, rows carry only the columns named
 * there (and id and date; a relation's id): the caller reads no other.
 */
export async function listFacts(
  scope: OrgScope,
  filter: FactFilter,
  page: { first: number; after?: string; last?: number | null; before?: string | null; orderBy: FactOrder },
  ids: Pick<FactIds, "cursor" | "parseCursor">,
  relations: readonly FactRelation[] = [],
  columns?: FactColumns,
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
  const result = await queryRows(scope.db, pageQuery({ descending, cursor: Boolean(cursor), filter, relations, columns }, values));
  const facts = factDecoder(columns);
  const joins = relations.map((name, r) => ({ name, decoder: entityDecoder(columns, name, r), found: `e${r}_0` }));
  const rows = result.map((r) => {
    const fact = decode(r, facts) as FactWithRelations;
    if (joins.length) {
      const joined: FactWithRelations["joined"] = (fact.joined = {});
      // A relation that found no entity comes back with every column null (its id, column 0, is never null when found).
      for (const { name, decoder, found } of joins) joined[name] = r[found] == null ? null : (decode(r, decoder) as AdEntity);
    }
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

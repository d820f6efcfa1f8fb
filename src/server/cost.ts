import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";

/**
 * The query cost model: one number per operation that grows with the work the server will do, so
 * one limit (GRAPHQL_MAX_COST) refuses what would hold the server. Every field costs 1, every aliased
 * copy counts, and lists multiply what each item selects:
 * - a page (`first`, `last`, `limit`) costs its size × its selection; nested pages multiply;
 * - `metrics` costs its rows × columns, twice with `compareTo`. Rows: the page (`limit`, default 1000), or
 *   fewer when every dimension has few values (grain buckets × 10 platforms, 7 weekdays …); columns: the
 *   larger of the selected row fields and the requested measures and dimensions;
 * - `calendar` costs its days × what each day selects;
 * - `causalDataset` (and `runCausalAnalysis`'s dataset) costs its cells plus its correlation work:
 *   days × columns + days × columns² / 100, columns = 1 + outcomes + treatments × (1 + lags + rolling windows);
 * - `insights` and `dataQuality` cost a unit per day of their range;
 * - `ask` and `search` cost a fixed price for the model calls behind them;
 * - a CSV export costs as its GraphQL twin (`metricsExportCost`, `causalExportCost`).
 */

/** What one operation costs, and its costliest top-level fields (by response name) for the error message. */
export interface OperationCost {
  cost: number;
  fields: { name: string; cost: number }[];
}

/** Fixed prices of fields that call a language or embedding model (plus their selection). */
export const ASK_COST = 1_000;
export const SEARCH_COST = 100;
/** metrics rows when `limit` is omitted (the service's default page). */
const METRICS_DEFAULT_ROWS = 1_000;
const GRAIN_DAYS: Record<string, number> = { day: 1, week: 7, month: 28, fiscalMonth: 28, quarter: 90, fiscalQuarter: 90, year: 365, fiscalYear: 365 };
const DAY_MS = 86_400_000;
// Dimensions with few values (at most this many per bucket); any other dimension can fill the whole page.
const SMALL_DIMENSIONS: Record<string, number> = {
  platform: 10, dayOfWeek: 7, monthOfYear: 12, quarterOfYear: 4, weekOfYear: 53, season: 4,
  isBusinessDay: 2, isHoliday: 2, isMonthEnd: 2, isQuarterEnd: 2, isWeekend: 2,
};

/** Inclusive days from `from` to `to` (Date scalars arrive as strings or Dates); 1 when unreadable. */
export function rangeDays(from: unknown, to: unknown): number {
  const ms = (v: unknown) => (v instanceof Date ? v.getTime() : typeof v === "string" ? Date.parse(v) : NaN);
  const d = Math.round((ms(to) - ms(from)) / DAY_MS) + 1;
  return Number.isFinite(d) && d > 0 ? d : 1;
}

const len = (v: unknown) => (Array.isArray(v) ? v.length : 0);
const rangeOf = (r: unknown) => (r && typeof r === "object" ? rangeDays((r as { from?: unknown }).from, (r as { to?: unknown }).to) : 1);

/** Leaf fields a selection set asks for, following fragments (each aliased copy counts). */
function leafCount(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let n = 0;
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) n += s.selectionSet ? leafCount(s.selectionSet, fragments, seen) : 1;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += leafCount(s.selectionSet, fragments, seen);
    else if (!seen.has(s.name.value)) n += leafCount(fragments.get(s.name.value)?.selectionSet, fragments, new Set([...seen, s.name.value]));
  }
  return n;
}

/** The selection of the `rows` field(s) inside a selection set. */
function rowsFields(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let n = 0;
  for (const s of set?.selections ?? []) {
    if (s.kind === Kind.FIELD) n += s.name.value === "rows" ? leafCount(s.selectionSet, fragments) : 0;
    else if (s.kind === Kind.INLINE_FRAGMENT) n += rowsFields(s.selectionSet, fragments, seen);
    else if (!seen.has(s.name.value)) n += rowsFields(fragments.get(s.name.value)?.selectionSet, fragments, new Set([...seen, s.name.value]));
  }
  return n;
}

type MetricsArgs = { dateRange?: unknown; dimensions?: unknown[]; measures?: unknown[]; grain?: string; limit?: number; compareTo?: unknown };

function metricsCost(q: MetricsArgs, selectedRowFields: number, child: number): number {
  const days = rangeOf(q.dateRange);
  const buckets = q.grain ? Math.ceil(days / (Object.hasOwn(GRAIN_DAYS, q.grain) ? GRAIN_DAYS[q.grain]! : 1)) : 1;
  const limit = typeof q.limit === "number" && q.limit > 0 ? q.limit : METRICS_DEFAULT_ROWS;
  const dims = (q.dimensions ?? []).map(String);
  const bounded = dims.every((d) => Object.hasOwn(SMALL_DIMENSIONS, d));
  const rows = bounded ? Math.min(limit, dims.reduce((n, d) => n * SMALL_DIMENSIONS[d]!, buckets)) : limit;
  const columns = Math.max(selectedRowFields, len(q.measures) + len(q.dimensions) + (q.grain ? 1 : 0), 1);
  return 1 + child + rows * columns * (q.compareTo ? 2 : 1);
}

type DatasetArgs = { dateRange?: unknown; treatments?: unknown[]; outcomes?: unknown[]; lags?: unknown[]; rollingWindows?: unknown[] };

/** A causal panel's cells plus its correlation matrix (columns² per row), with the service's defaults. */
export function datasetCost(i: DatasetArgs): number {
  const days = rangeOf(i.dateRange);
  const columns = 1 + (i.outcomes ? len(i.outcomes) : 2) + (i.treatments ? len(i.treatments) : 2) * (1 + len(i.lags) + len(i.rollingWindows));
  return days * columns + Math.ceil((days * columns * columns) / 100);
}

const objectOf = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const listOf = (v: unknown) => (Array.isArray(v) ? v : undefined);

/**
 * What a CSV export of a metrics query costs (the raw JSON of `/export/metrics.csv` or a signed link): as the `metrics`
 * query of the same input with every column selected, its page the default (the export streams every row and ignores
 * `limit`, so a small `limit` does not make it cheap). Unreadable parts count as absent; the export's own validation refuses them.
 */
export function metricsExportCost(input: unknown): number {
  const q = objectOf(input);
  const dims = listOf(q.dimensions);
  return metricsCost({
    dateRange: q.dateRange, dimensions: dims?.filter((d) => typeof d === "string"), measures: listOf(q.measures),
    grain: typeof q.grain === "string" ? q.grain : undefined, compareTo: q.compareTo,
  }, 0, 0);
}

/** What a CSV export of a causal dataset costs: as the `causalDataset` query of the same input. */
export function causalExportCost(input: unknown): number {
  const i = objectOf(input);
  return 1 + datasetCost({ dateRange: i.dateRange, outcomes: listOf(i.outcomes), treatments: listOf(i.treatments), lags: listOf(i.lags), rollingWindows: listOf(i.rollingWindows) });
}

function workEstimator(fragments: Map<string, FragmentDefinitionNode>): ComplexityEstimator {
  return ({ type, field, args, childComplexity, node }) => {
    const child = Math.max(childComplexity, 1);
    switch (`${type.name}.${field.name}`) {
      case "Query.calendar": return 1 + rangeDays(args.from, args.to) * child;
      case "Query.metrics": return metricsCost((args.query ?? {}) as MetricsArgs, rowsFields(node.selectionSet, fragments), childComplexity);
      case "Query.causalDataset": return 1 + childComplexity + datasetCost((args.input ?? {}) as DatasetArgs);
      case "Mutation.runCausalAnalysis": {
        const dataset = (args.input as { dataset?: DatasetArgs } | undefined)?.dataset;
        return 1 + childComplexity + (dataset ? datasetCost(dataset) : 0);
      }
      case "Query.insights": return 1 + childComplexity + rangeOf(args.dateRange) * (args.compareTo ? 2 : 1);
      case "Query.dataQuality": return 1 + childComplexity + rangeOf(args.dateRange);
      case "Query.ask": return ASK_COST + childComplexity;
      case "Query.search": return SEARCH_COST + Math.max(Number(args.first) || 1, 1) * child;
      case "Query.nodes": return 1 + Math.max(len(args.ids), 1) * child;
    }
    return undefined;
  };
}

// Any other list with a page size costs that size times what each item selects (`last` wins over `first`, as in facts).
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = [args.last, args.first, args.limit].find((v) => typeof v === "number");
  return typeof size === "number" ? 1 + Math.max(size, 1) * Math.max(childComplexity, 1) : undefined;
};

/** The estimated cost of one operation (variables coerced as for execution; a bad variable throws a GraphQLError). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName?: string): OperationCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const roots = new Set(["Query", "Mutation", "Subscription"].map((n) => schema.getType(n)?.name).filter(Boolean));
  const fields: OperationCost["fields"] = [];
  const work = workEstimator(fragments);
  // Records each top-level field's cost (by response name) on its way through, for the message.
  const record: ComplexityEstimator = (a) => {
    const c = work(a) ?? pageSizeEstimator(a) ?? 1 + a.childComplexity;
    if (roots.has(a.type.name)) fields.push({ name: a.node.alias ? `${a.node.alias.value}: ${a.node.name.value}` : a.node.name.value, cost: c });
    return c;
  };
  const cost = getComplexity({ schema, query: document, variables: variables ?? {}, operationName, estimators: [record, simpleEstimator({ defaultComplexity: 1 })] });
  return { cost, fields: fields.sort((a, b) => b.cost - a.cost) };
}

// Apollo hands over the same DocumentNode for the same query text (its parsed-document cache), so a document's cost per
// operation name and variables is estimated once: the walk and the variables' coercion cost more than serving a small page.
// Only estimates that succeeded are kept, for small variables, a few per document.
const estimates = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, OperationCost>>>();
const MAX_KEY_CHARS = 2_000;
const MAX_PER_DOCUMENT = 64;

function cachedCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): OperationCost {
  const key = `${operationName ?? ""}\u0000${variables ? JSON.stringify(variables) : ""}`;
  if (key.length > MAX_KEY_CHARS) return operationCost(schema, document, variables, operationName);
  let byDocument = estimates.get(schema);
  if (!byDocument) estimates.set(schema, (byDocument = new WeakMap()));
  let byKey = byDocument.get(document);
  if (!byKey) byDocument.set(document, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) {
    found = operationCost(schema, document, variables, operationName);
    if (byKey.size >= MAX_PER_DOCUMENT) byKey.clear();
    byKey.set(key, found);
  }
  return found;
}

/** Throw QUERY_TOO_COSTLY (with the cost, the limit and the costliest fields) when an operation's estimate exceeds `maxCost`. */
export function assertCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined, maxCost: number): number {
  const { cost, fields } = cachedCost(schema, document, variables, operationName);
  if (cost > maxCost) {
    const top = fields.slice(0, 3).map((f) => `${f.name} ${f.cost}`).join(", ");
    throw new GraphQLError(
      `This operation's estimated cost is ${cost}; the limit is ${maxCost} (GRAPHQL_MAX_COST). Costliest fields: ${top}${fields.length > 3 ? `, and ${fields.length - 3} more` : ""}. ` +
        "Ask for smaller pages (first, last, metrics limit), shorter date ranges, fewer lags or rolling windows, or fewer aliased copies.",
      { extensions: { code: "QUERY_TOO_COSTLY", cost, maxCost, fields: fields.slice(0, 3) } },
    );
  }
  return cost;
}

import type { OrgScope } from "../../db/scope.js";
import type { MemoryKind } from "../../db/tables/memory-items.js";
import { badInput } from "../../errors.js";
import type { Memory } from "./memory.js";
import { campaignDayItems, entityItems, syncRunItems } from "./memory-sources.js";
import { syncMemoryItems, writeMemoryItems, deleteMemoryItems, type IndexCounts } from "./memory-writer.js";

/** Which built-in sources to (re)index. */
export type MemorySource = "entities" | "campaignDays" | "syncRuns";

export interface IndexMemoryOptions {
  /** The embedder and store (createMemory(config)). */
  memory: Memory;
  /** Sources to index; default all three. */
  sources?: MemorySource[];
  /** Campaign days only within this inclusive range (e.g. the window a sync just loaded); default all days. */
  dateRange?: { from: string; to: string };
  /** Sync runs only with these ids (e.g. the run that just finished); default all finished runs. */
  syncRunIds?: string[];
}

const ENTITY_KINDS: MemoryKind[] = ["account", "campaign", "ad_group", "ad"];

/**
 * Bring the org's memory up to date with its data. Incremental: every item is hashed and only new or
 * changed texts are embedded; items whose source is gone are deleted (within the given date range).
 * The sync engine calls this after a run with the run's window and id.
 */
export async function indexOrgMemory(scope: OrgScope, opts: IndexMemoryOptions): Promise<IndexCounts> {
  const sources = opts.sources ?? ["entities", "campaignDays", "syncRuns"];
  const total: IndexCounts = { embedded: 0, unchanged: 0, deleted: 0 };
  const add = (c: IndexCounts) => {
    total.embedded += c.embedded; total.unchanged += c.unchanged; total.deleted += c.deleted;
  };
  if (opts.dateRange && opts.dateRange.from > opts.dateRange.to) throw badInput("dateRange.from is after dateRange.to.");
  if (sources.includes("entities")) add(await syncMemoryItems(scope, opts.memory, ENTITY_KINDS, await entityItems(scope)));
  if (sources.includes("campaignDays")) {
    add(await syncMemoryItems(scope, opts.memory, ["campaign_day"], await campaignDayItems(scope, opts.dateRange), opts.dateRange));
  }
  if (sources.includes("syncRuns")) {
    const items = await syncRunItems(scope, opts.syncRunIds);
    add(opts.syncRunIds ? await writeMemoryItems(scope, opts.memory, items) : await syncMemoryItems(scope, opts.memory, ["sync_run"], items));
  }
  return total;
}

/** An experiment or model result to remember (the experiments and attribution services call this). */
export interface ResultMemory {
  /** "experiment" or "model". */
  kind: "experiment" | "model";
  /** Id of the experiment or model. */
  id: string;
  /** Its name. */
  name: string;
  /** The result in words ("variant B lifted conversions 12% (95% CI 4–20%)"). */
  summary: string;
  /** Platform it concerns, if one. */
  platform?: string | null;
  /** Period it covers. */
  dateFrom?: string | null;
  dateTo?: string | null;
}

/** Remember (or update) one experiment or model result; re-embeds only when its text changed. */
export function indexResultMemory(scope: OrgScope, memory: Memory, r: ResultMemory): Promise<IndexCounts> {
  const label = r.kind === "experiment" ? "Experiment" : "Model";
  return writeMemoryItems(scope, memory, [{
    kind: r.kind, refKey: `${r.kind}:${r.id}`, platform: r.platform ?? null, dateFrom: r.dateFrom ?? null, dateTo: r.dateTo ?? r.dateFrom ?? null,
    title: `${label} "${r.name}"`, body: `${label} "${r.name}": ${r.summary}`, link: { type: r.kind, id: r.id },
  }]);
}

/** Forget an experiment or model result (e.g. when it is deleted). */
export const forgetResultMemory = (scope: OrgScope, memory: Memory, kind: "experiment" | "model", id: string) =>
  deleteMemoryItems(scope, memory, [`${kind}:${id}`]);

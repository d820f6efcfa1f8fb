import DataLoader from "dataloader";
import type { OrgScope } from "../db/scope.js";
import type { AdEntity, AttributionResultRow, ExperimentResultRow, WebhookDelivery } from "../db/tables/index.js";
import type { Page, PageArgs } from "../db/newest-first-page.js";
import { entityKeyString, loadEntities, type EntityKey } from "../analytics/facts/entities.js";
import { countAnalysesOf, listAnalysesOf, pageAnalysesOf } from "../analytics/experiments/experiment-service.js";
import { listAttributionResultsOf } from "../analytics/attribution/model-service.js";
import { countWebhookDeliveriesOf, pageWebhookDeliveriesOf } from "../webhooks/webhook-service.js";

/** Per-request DataLoaders: each relation loads in one statement per tick, whatever the page size. */
export function createLoaders(scope: OrgScope) {
  const analysisCount = new DataLoader<string, number>((ids) => countAnalysesOf(scope, ids));
  const deliveryCount = new DataLoader<string, number>((ids) => countWebhookDeliveriesOf(scope, ids));
  return {
    entity: new DataLoader<EntityKey, AdEntity | null, string>((keys) => loadEntities(scope, keys), { cacheKeyFn: entityKeyString }),
    /** Every stored analysis of an experiment, newest first. */
    analyses: new DataLoader<string, ExperimentResultRow[]>((ids) => listAnalysesOf(scope, ids)),
    analysisPage: pagesByParent<ExperimentResultRow>((ids, page) => pageAnalysesOf(scope, ids, page, (id) => analysisCount.load(id))),
    deliveryPage: pagesByParent<WebhookDelivery>((ids, page) => pageWebhookDeliveriesOf(scope, ids, page, (id) => deliveryCount.load(id))),
    attributionResults: groupedByArg<string | null, AttributionResultRow[]>((ids, method) => listAttributionResultsOf(scope, ids, method)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** A page of a parent's children: parents asking for the same page load together, one statement per distinct page. */
export const pagesByParent = <T>(load: (parents: readonly string[], page: PageArgs) => Promise<Page<T>[]>) =>
  groupedByArg<PageArgs, Page<T>>(load, (p) => [p.first, p.after ?? null, p.last ?? null, p.before ?? null]);

/** A per-parent relation with an argument: keys with the same argument batch into one call; a failing group fails only its keys. */
function groupedByArg<A, V>(load: (parents: readonly string[], arg: A) => Promise<V[]>, argKey: (arg: A) => unknown = (a) => a) {
  const key = (k: { parent: string; arg: A }) => JSON.stringify([k.parent, argKey(k.arg)]);
  return new DataLoader<{ parent: string; arg: A }, V, string>(async (keys) => {
    const groups = new Map<string, { arg: A; at: number[] }>();
    keys.forEach((k, i) => {
      const g = JSON.stringify(argKey(k.arg));
      groups.set(g, { arg: k.arg, at: [...(groups.get(g)?.at ?? []), i] });
    });
    const out: (V | Error)[] = new Array(keys.length);
    await Promise.all([...groups.values()].map(async ({ arg, at }) => {
      try {
        const values = await load(at.map((i) => keys[i]!.parent), arg);
        at.forEach((i, j) => (out[i] = values[j]!));
      } catch (err) {
        for (const i of at) out[i] = err as Error;
      }
    }));
    return out;
  }, { cacheKeyFn: key });
}

import DataLoader from "dataloader";
import type { OrgScope } from "../db/scope.js";
import type { AdEntity } from "../db/tables/index.js";
import { entityKeyString, loadEntities, type EntityKey } from "../analytics/facts/entities.js";

/** Per-request DataLoaders: each relation loads in one statement per tick, whatever the page size. */
export function createLoaders(scope: OrgScope) {
  return {
    entity: new DataLoader<EntityKey, AdEntity | null, string>((keys) => loadEntities(scope, keys), { cacheKeyFn: entityKeyString }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

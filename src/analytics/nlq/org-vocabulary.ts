import { and, eq, isNotNull } from "drizzle-orm";
import type { OrgScope } from "../../db/scope.js";
import { adEntities, marketingEvents } from "../../db/tables/index.js";
import type { OrgVocabulary } from "./entity-linker.js";

// Enough for any real account structure; a bigger org links the first names and quotes the rest.
const MAX_NAMES = 20_000;

/** The org's entity names and marketing events, for linking names a question mentions without quotes. */
export async function loadOrgVocabulary(scope: OrgScope): Promise<OrgVocabulary> {
  const [entities, events] = await Promise.all([
    scope.db.selectDistinct({ level: adEntities.level, name: adEntities.name, platform: adEntities.platform }).from(adEntities)
      .where(and(eq(adEntities.orgId, scope.orgId), isNotNull(adEntities.name))).limit(MAX_NAMES),
    scope.db.select({ name: marketingEvents.name, from: marketingEvents.startDate, to: marketingEvents.endDate }).from(marketingEvents)
      .where(eq(marketingEvents.orgId, scope.orgId)),
  ]);
  const of = (level: string) => entities.filter((e) => e.level === level).map((e) => ({ name: e.name!, platform: e.platform }));
  return { campaigns: of("campaign"), adGroups: of("ad_group"), ads: of("ad"), accounts: of("account"), events };
}

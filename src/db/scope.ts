import type { Database, Db } from "./client.js";

/**
 * The one way services reach tenant data: every service function takes an OrgScope and filters by
 * `orgId`. The GraphQL context, the CSV routes, the WebSocket server and the CLI each build it from
 * the caller's API key (or the CLI's --org), so no resolver has to remember to scope a query.
 */
export interface OrgScope {
  readonly orgId: string;
  readonly db: Db;
  readonly database: Database;
}

export const orgScope = (database: Database, orgId: string): OrgScope => Object.freeze({ orgId, db: database.db, database });

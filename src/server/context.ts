import type { App } from "../app.js";
import type { ApiKeyRole } from "../db/tables/index.js";
import { orgScope, type OrgScope } from "../db/scope.js";
import type { Logger } from "../logger.js";
import { createLoaders, type Loaders } from "./loaders.js";
import { newBudget, type Budget } from "./time-budget.js";

/** Who is calling: the verified API key's org, key id and role. */
export interface Auth {
  orgId: string;
  keyId: string;
  role: ApiKeyRole;
}

/** The GraphQL context, built the same way for HTTP and WebSocket operations. */
export interface Context {
  auth: Auth;
  /** The caller's org scope: every service call goes through it. */
  scope: OrgScope;
  app: App;
  loaders: Loaders;
  /** This operation's deadline and its organization's concurrency slot (time-budget.ts). */
  budget: Budget;
  logger: Logger;
  /** Base URL of this gateway as the caller reached it (PUBLIC_URL, else the request's origin), for links it hands out. */
  baseUrl: string;
}

/** A request's context; its DataLoaders and child logger are made on first use (most operations need neither). */
export function buildContext(app: App, auth: Auth, requestOrigin?: string): Context {
  const scope = orgScope(app.database, auth.orgId);
  const baseUrl = app.config.publicUrl ?? requestOrigin ?? `http://${app.config.host.includes(":") ? `[${app.config.host}]` : app.config.host}:${app.config.port}`;
  let loaders: Loaders | undefined;
  let logger: Logger | undefined;
  return {
    auth, scope, app, baseUrl, budget: newBudget(app, auth.orgId, app.config.requests),
    get loaders() { return (loaders ??= createLoaders(scope)); },
    get logger() { return (logger ??= app.logger.child({ orgId: auth.orgId, keyId: auth.keyId })); },
  };
}

import { createApp } from "../index.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import type { App } from "../app.js";
import { findOrganization } from "../orgs/organizations.js";
import { orgScope, type OrgScope } from "../db/scope.js";

/** Run a CLI action with an App on the configured database (quiet logs), closing it afterwards. */
export async function withApp<T>(fn: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const app = await createApp(config, createLogger(process.env.LOG_LEVEL ? config.logLevel : "warn", process.stderr));
  try {
    return await fn(app);
  } finally {
    await app.database.close();
  }
}

/** The org scope named by --org (id or slug): the CLI's tenancy boundary. */
export async function scopeFor(app: App, org: string | undefined): Promise<OrgScope> {
  if (!org) throw new Error("Name the organization with --org <id|slug> (see `liftgate org list`).");
  const found = await findOrganization(app.database, org);
  return orgScope(app.database, found.id);
}

export const print = (line = ""): void => void process.stdout.write(`${line}\n`);

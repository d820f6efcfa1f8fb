import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import type { App } from "../app.js";
import type { OrgScope } from "../db/scope.js";
import { connectionDepsOf } from "../sync/app-deps.js";
import { createConnection, listConnections, testConnection, updateConnection } from "../sync/connection-service.js";
import { userPath } from "./io.js";
import { io } from "./io.js";
import { print, scopeFor, withApp } from "./shared.js";

/** Collects repeated `--set field=value` options; values that parse as JSON (numbers, lists) are taken as such. */
function setting(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const i = value.indexOf("=");
  if (i < 1) throw new InvalidArgumentError(`expected field=value (e.g. accountId=act_123), got "${value}"`);
  const raw = value.slice(i + 1);
  let parsed: unknown = raw;
  try { parsed = JSON.parse(raw); } catch { /* a plain string */ }
  return { ...previous, [value.slice(0, i).trim()]: parsed };
}

/** A connection of the org by id or exact name; the error lists what exists. */
export async function findConnection(app: App, scope: OrgScope, idOrName: string) {
  const all = await listConnections(scope, await connectionDepsOf(app));
  const byId = all.find((c) => c.id === idOrName);
  if (byId) return byId;
  const named = all.filter((c) => c.name === idOrName);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) throw new Error(`Several connections are named "${idOrName}"; use the id: ${named.map((c) => c.id).join(", ")}.`);
  throw new Error(`No connection "${idOrName}" in this organization. Connections: ${all.map((c) => `${c.name} (${c.id})`).join(", ") || "none"}.`);
}

/** `liftgate connection list|create|test|pause|resume`. */
export function connectionCommand() {
  const cmd = new Command("connection").description("manage an organization's connections to ad and e-mail platforms");
  cmd
    .command("list")
    .description("list connections: id, name, plugin, status, schedule and which secrets are set (never their values)")
    .requiredOption("--org <id|slug>", "organization")
    .action((o: { org: string }) =>
      withApp(async (app) => {
        for (const c of await listConnections(await scopeFor(app, o.org), await connectionDepsOf(app)))
          print(`${c.id}  ${c.name}  ${c.pluginId}  ${c.status}  schedule ${c.schedule ?? "none"}  secrets ${c.secretsSet.join(",") || "none"}`);
      }),
    );
  cmd
    .command("create")
    .description("create a connection; its config is checked against the plugin's spec and secrets are stored encrypted")
    .requiredOption("--org <id|slug>", "organization")
    .requiredOption("--plugin <id>", "connector plugin, e.g. meta-ads, google-ads, klaviyo, tiktok-ads, csv, json-http")
    .requiredOption("--name <name>", "a name for the connection")
    .option("--config-file <path>", "the plugin's config as a JSON file (keeps secrets out of your shell history)")
    .option("--set <field=value>", "a config field (repeatable; wins over --config-file)", setting, {})
    .option("--schedule <cron>", "sync schedule, e.g. \"0 6 * * *\"")
    .action((o: { org: string; plugin: string; name: string; configFile?: string; set: Record<string, unknown>; schedule?: string }) =>
      withApp(async (app) => {
        const file = o.configFile ? JSON.parse(readFileSync(userPath(o.configFile), "utf8")) as Record<string, unknown> : {};
        const c = await createConnection(await scopeFor(app, o.org), await connectionDepsOf(app), { pluginId: o.plugin, name: o.name, config: { ...file, ...o.set }, schedule: o.schedule ?? null });
        print(`connection ${c.id} (${c.pluginId}, ${c.status})`);
      }),
    );
  cmd
    .command("test <connection>")
    .description("check the credentials and settings with the platform (exit 1 when it refuses)")
    .requiredOption("--org <id|slug>", "organization")
    .action((connection: string, o: { org: string }) =>
      withApp(async (app) => {
        const scope = await scopeFor(app, o.org);
        const c = await findConnection(app, scope, connection);
        const r = await testConnection(scope, await connectionDepsOf(app), c.id);
        if (r.ok) return print(`ok: ${c.name} (${c.pluginId}) accepted the credentials`);
        print(`failed: ${c.name} (${c.pluginId}): ${r.reason}`);
        io().exitCode = 1;
      }),
    );
  for (const [verb, status] of [["pause", "paused"], ["resume", "active"]] as const) {
    cmd
      .command(`${verb} <connection>`)
      .description(verb === "pause" ? "stop scheduled syncs of a connection (manual syncs still run)" : "run a paused connection's schedule again")
      .requiredOption("--org <id|slug>", "organization")
      .action((connection: string, o: { org: string }) =>
        withApp(async (app) => {
          const scope = await scopeFor(app, o.org);
          const c = await findConnection(app, scope, connection);
          const updated = await updateConnection(scope, await connectionDepsOf(app), c.id, { status });
          print(`${updated.name} (${updated.id}) is ${updated.status}`);
        }),
      );
  }
  return cmd;
}

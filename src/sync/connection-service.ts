import { and, desc, eq } from "drizzle-orm";
import { AppError, badInput, notFound } from "../errors.js";
import { logUnexpected, type Logger } from "../logger.js";
import type { OrgScope } from "../db/scope.js";
import { connections, type Connection } from "../db/tables/index.js";
import { newestFirstPage, type PageArgs } from "../db/newest-first-page.js";
import type { PluginRegistry } from "../plugins/registry.js";
import type { CheckResult, ConnectorPlugin } from "../plugins/types.js";
import type { SecretBox } from "./secret-box.js";
import { parseSchedule } from "./schedule.js";
import { pluginContext } from "./plugin-context.js";
import { redact, registerSecrets } from "../redact.js";
import { checkOutboundUrl, endpointAllowed, OutboundBlocked } from "../plugins/outbound.js";
import { isPluginError } from "../plugins/errors.js";
import { isUuid } from "../db/node-lookup.js";

/** What the connection service needs besides the scope. */
export interface ConnectionDeps {
  registry: PluginRegistry;
  box: SecretBox;
  logger: Logger;
}

export interface ConnectionInput {
  pluginId: string;
  name: string;
  /** The plugin's config, secrets included; validated against its spec. */
  config: Record<string, unknown>;
  schedule?: string | null;
  landRaw?: boolean;
}

export interface ConnectionPatch {
  name?: string;
  /** Fields to change; secret fields left out keep their stored value. */
  config?: Record<string, unknown>;
  schedule?: string | null;
  status?: "active" | "paused";
  landRaw?: boolean;
}

/** A connection as callers may see it: non-secret config, and only the names of the secrets that are set. */
export interface ConnectionView extends Omit<Connection, "secretsEnc"> {
  secretsSet: string[];
}

/** A field-level validation problem. */
export interface FieldError {
  field: string;
  message: string;
}

/** Validate a full config against the plugin's spec; BAD_USER_INPUT with `details.fields` lists each problem. */
export function validateConfig(plugin: ConnectorPlugin<any>, config: Record<string, unknown>): Record<string, unknown> {
  const parsed = plugin.spec.safeParse(config);
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const fields: FieldError[] = parsed.error.issues.map((i) => ({ field: ["config", ...i.path.map(String)].join("."), message: i.message }));
  throw badInput(`The ${plugin.name} config is invalid: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}.`, { fields });
}

/** Non-secret config fields that name where requests go: URL values, or keys such as baseUrl, tokenUrl, host, endpoint. */
function endpointFields(plugin: ConnectorPlugin<any>, ...configs: Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const c of configs) {
    for (const [k, v] of Object.entries(c)) {
      if (plugin.secretFields.includes(k)) continue;
      if (/url$|host$|endpoint$/i.test(k) || (typeof v === "string" && /^[a-z][a-z0-9+.-]*:\/\//i.test(v))) keys.add(k);
    }
  }
  return [...keys];
}

/** Every endpoint of a validated config must be one connectors may reach (public, the plugin's hosts, or operator-allowed). */
function checkEndpoints(plugin: ConnectorPlugin<any>, config: Record<string, unknown>): void {
  for (const field of endpointFields(plugin, config)) {
    const value = config[field];
    if (typeof value !== "string") continue;
    let url: URL;
    try { url = new URL(value); } catch { continue; } // not a URL (e.g. a bare host name): the spec decides
    try {
      checkOutboundUrl(url);
    } catch (e) {
      if (!(e instanceof OutboundBlocked)) throw e;
      throw badInput(`config.${field}: ${e.message}`, { fields: [{ field: `config.${field}`, message: e.message }] });
    }
    if (!endpointAllowed(url, plugin.allowedHosts)) {
      const message = `${plugin.name} connections may only reach ${plugin.allowedHosts!.join(", ")}; an operator can allow another host (a proxy) with OUTBOUND_ALLOW_HOSTS.`;
      throw badInput(`config.${field}: ${message}`, { fields: [{ field: `config.${field}`, message }] });
    }
  }
}

/**
 * Changing where a connection sends its requests must not send the stored secrets along: an update that
 * changes an endpoint field must re-enter every secret the connection holds.
 */
function requireSecretsOnEndpointChange(plugin: ConnectorPlugin<any>, current: Record<string, unknown>, patch: Record<string, unknown>, next: Record<string, unknown>): void {
  const changed = endpointFields(plugin, current, next).filter((k) => k in patch && String(current[k] ?? "") !== String(next[k] ?? ""));
  if (!changed.length) return;
  const missing = plugin.secretFields.filter((f) => current[f] !== undefined && (patch[f] === undefined || patch[f] === null || patch[f] === ""));
  if (!missing.length) return;
  const moved = changed.map((k) => `config.${k}`).join(", ");
  const message = `Changing ${moved} would send the stored secrets to a new address: re-enter ${missing.map((f) => `config.${f}`).join(", ")} in the same update.`;
  throw badInput(message, { fields: missing.map((f) => ({ field: `config.${f}`, message: `required when ${moved} changes` })) });
}

function split(plugin: ConnectorPlugin<any>, full: Record<string, unknown>) {
  const config: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(full)) (plugin.secretFields.includes(k) ? secrets : config)[k] = v;
  return { config, secrets };
}

async function row(scope: OrgScope, id: string): Promise<Connection> {
  if (!isUuid(id)) throw notFound("Connection", id);
  const [found] = await scope.db.select().from(connections).where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id)));
  if (!found) throw notFound("Connection", id);
  return found;
}

/** A connection's stored row, its plugin and its full config (secrets decrypted): for the sync engine only. */
export async function resolveConnection(scope: OrgScope, deps: Pick<ConnectionDeps, "registry" | "box">, id: string) {
  const found = await row(scope, id);
  const plugin = deps.registry.get(found.pluginId);
  const secrets = found.secretsEnc ? deps.box.open(found.secretsEnc, found.id) : {};
  registerSecrets(Object.values(secrets)); // scrubbed from logs, errors and stored upstream text from now on
  return { row: found, plugin, config: { ...found.config, ...secrets } as Record<string, unknown> };
}

function toView(plugin: ConnectorPlugin<any> | undefined, found: Connection, box: SecretBox): ConnectionView {
  const { secretsEnc, ...rest } = found;
  const names = secretsEnc ? Object.keys(box.open(secretsEnc, found.id)) : [];
  return { ...rest, secretsSet: plugin ? names.filter((n) => plugin.secretFields.includes(n)) : names };
}

export async function getConnection(scope: OrgScope, deps: ConnectionDeps, id: string): Promise<ConnectionView> {
  const found = await row(scope, id);
  return toView(deps.registry.find(found.pluginId), found, deps.box);
}

export async function listConnections(scope: OrgScope, deps: ConnectionDeps): Promise<ConnectionView[]> {
  const rows = await scope.db.select().from(connections).where(eq(connections.orgId, scope.orgId)).orderBy(desc(connections.createdAt));
  return rows.map((r) => toView(deps.registry.find(r.pluginId), r, deps.box));
}

/** This org's connections, newest first, one page at a time. */
export async function pageConnections(scope: OrgScope, deps: ConnectionDeps, page: PageArgs) {
  const p = await newestFirstPage<Connection>(scope.db, connections, connections, eq(connections.orgId, scope.orgId), page);
  return { ...p, nodes: p.nodes.map((r) => toView(deps.registry.find(r.pluginId), r, deps.box)) };
}

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 200) throw badInput("name must be 1 to 200 characters.", { fields: [{ field: "name", message: "must be 1 to 200 characters" }] });
  return trimmed;
}

function checkSchedule(schedule: string | null | undefined): string | null {
  if (!schedule) return null;
  parseSchedule(schedule);
  return schedule.trim();
}

/** Create a connection: validate config against the plugin spec, encrypt the secret fields, store the rest. */
export async function createConnection(scope: OrgScope, deps: ConnectionDeps, input: ConnectionInput): Promise<ConnectionView> {
  const plugin = deps.registry.get(input.pluginId);
  const name = checkName(input.name);
  const schedule = checkSchedule(input.schedule);
  const full = validateConfig(plugin, input.config);
  checkEndpoints(plugin, full);
  const { config, secrets } = split(plugin, full);
  registerSecrets(Object.values(secrets));
  const id = crypto.randomUUID();
  const [created] = await scope.db
    .insert(connections)
    .values({ id, orgId: scope.orgId, pluginId: plugin.id, name, config, secretsEnc: deps.box.seal(secrets, id), schedule, landRaw: input.landRaw ?? false })
    .returning();
  deps.logger.info({ connectionId: id, pluginId: plugin.id, orgId: scope.orgId }, "connection created");
  return toView(plugin, created!, deps.box);
}

/** Update a connection; a new config is merged over the stored one (secrets kept unless given) and validated again. */
export async function updateConnection(scope: OrgScope, deps: ConnectionDeps, id: string, patch: ConnectionPatch): Promise<ConnectionView> {
  const current = await resolveConnection(scope, deps, id);
  const set: Partial<typeof connections.$inferInsert> = { updatedAt: new Date() };
  if (patch.name !== undefined) set.name = checkName(patch.name);
  if (patch.schedule !== undefined) set.schedule = checkSchedule(patch.schedule);
  if (patch.landRaw !== undefined) set.landRaw = patch.landRaw;
  if (patch.status !== undefined) {
    if (patch.status !== "active" && patch.status !== "paused") throw badInput('status must be "active" or "paused".', { fields: [{ field: "status", message: "must be active or paused" }] });
    set.status = patch.status;
  }
  if (patch.config !== undefined) {
    const full = validateConfig(current.plugin, { ...current.config, ...patch.config });
    requireSecretsOnEndpointChange(current.plugin, current.config, patch.config, full);
    checkEndpoints(current.plugin, full);
    const { config, secrets } = split(current.plugin, full);
    registerSecrets(Object.values(secrets));
    set.config = config;
    set.secretsEnc = deps.box.seal(secrets, id);
    if (current.row.status === "needs_reauth" && patch.status === undefined) set.status = "active";
  }
  const [updated] = await scope.db.update(connections).set(set).where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id))).returning();
  return toView(current.plugin, updated!, deps.box);
}

/** Delete a connection with its runs, state and raw records; loaded facts stay (they are history). */
export async function deleteConnection(scope: OrgScope, id: string): Promise<boolean> {
  await row(scope, id);
  const deleted = await scope.db.delete(connections).where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id))).returning({ id: connections.id });
  return deleted.length === 1;
}

/** Run the plugin's `check` with the stored credentials; failures come back as { ok: false, reason }, never thrown. */
export async function testConnection(scope: OrgScope, deps: ConnectionDeps, id: string, timeoutMs = 30_000): Promise<CheckResult> {
  const { plugin, config } = await resolveConnection(scope, deps, id);
  const ctx = pluginContext(deps.logger.child({ connectionId: id, pluginId: plugin.id }), AbortSignal.timeout(timeoutMs));
  try {
    const result = await plugin.check(config, ctx);
    return { ...result, reason: redact(result.reason) ?? undefined };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (isPluginError(e)) return { ok: false, reason: redact(e.message) };
    if ((e as Error).name === "TimeoutError" || (e as Error).name === "AbortError") return { ok: false, reason: `The check did not finish within ${timeoutMs / 1000} s; try again.` };
    // Anything else is the gateway's own failure: its text (paths, SQL, a stack overflow) stays in the log.
    const requestId = logUnexpected(deps.logger, e, "testConnection failed unexpectedly", { connectionId: id });
    return { ok: false, reason: `The check stopped on an internal error (request id ${requestId}); the error was logged. Try again, or quote the request id when you report it.` };
  }
}


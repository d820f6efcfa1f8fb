import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { AppError } from "../errors.js";
import type { ConnectorPlugin } from "./types.js";

// Built-in connector plugins: one import and one line in the map per plugin.
// (keep this block additive: add your plugin's import above and its line below)
import { jsonHttpPlugin } from "./json-http/json-http.plugin.js";
import { tiktokAdsPlugin } from "./tiktok-ads/tiktok-ads.plugin.js";
import { klaviyoPlugin } from "./klaviyo/klaviyo.plugin.js";
import { createCsvPlugin, csvPlugin } from "./csv/csv.plugin.js";
import type { ImportDirOptions } from "./csv/import-dir.js";
import { metaAdsPlugin } from "./meta-ads/meta-ads.plugin.js";
import { googleAdsPlugin } from "./google-ads/google-ads.plugin.js";

/** Built-in plugins by id. */
export const builtinPlugins: Record<string, ConnectorPlugin<any>> = {
  [jsonHttpPlugin.id]: jsonHttpPlugin,
  [tiktokAdsPlugin.id]: tiktokAdsPlugin,
  [klaviyoPlugin.id]: klaviyoPlugin,
  [csvPlugin.id]: csvPlugin,
  [metaAdsPlugin.id]: metaAdsPlugin,
  [googleAdsPlugin.id]: googleAdsPlugin,
};

/** Raised at start when an external plugin cannot be loaded or does not match the interface. */
export class PluginLoadError extends Error {
  override name = "PluginLoadError";
}

/** The plugins this process can run, built-in and external. */
export interface PluginRegistry {
  /** The plugin with this id, or a BAD_USER_INPUT error listing the known ids. */
  get(id: string): ConnectorPlugin<any>;
  /** The plugin with this id, or undefined. */
  find(id: string): ConnectorPlugin<any> | undefined;
  /** Every plugin, sorted by id. */
  list(): ConnectorPlugin<any>[];
}

const MEMBERS: [path: string, type: string][] = [
  ["id", "string"], ["name", "string"], ["platform", "string"],
  ["capabilities", "object"], ["capabilities.incremental", "boolean"],
  ["capabilities.defaultLookbackDays", "number"], ["capabilities.maxWindowDays", "number"],
  ["spec", "object"], ["spec.safeParse", "function"], ["secretFields", "array"], ["sampleConfig", "object"],
  ["check", "function"], ["discover", "function"], ["read", "function"], ["normalize", "function"],
];

/** The members an object lacks (or has with the wrong type) to be a ConnectorPlugin, e.g. ["read (function)"]. */
export function missingMembers(candidate: unknown): string[] {
  const missing: string[] = [];
  for (const [path, type] of MEMBERS) {
    const value = path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), candidate);
    const ok = type === "array" ? Array.isArray(value) : type === "object" ? value !== null && typeof value === "object" : typeof value === type;
    if (!ok) missing.push(`${path} (${type})`);
  }
  const sandbox = (candidate as { sandbox?: unknown } | null)?.sandbox;
  if (sandbox !== undefined && typeof sandbox !== "function") missing.push("sandbox (function, optional)");
  return missing;
}

/** Check an object against the ConnectorPlugin interface; throws naming every missing member. */
export function validatePlugin(candidate: unknown, source: string): ConnectorPlugin<any> {
  const missing = missingMembers(candidate);
  if (missing.length > 0) {
    throw new PluginLoadError(
      `Plugin "${source}" is not a connector plugin: missing or wrong ${missing.join(", ")}. ` +
        `Export the plugin object as the module's default export (see examples/ for a complete one).`,
    );
  }
  return candidate as ConnectorPlugin<any>;
}

/** Import one external plugin: an npm package name, or a path (relative to the working directory). */
export async function importPlugin(spec: string, cwd = process.cwd()): Promise<ConnectorPlugin<any>> {
  const isPath = spec.startsWith(".") || isAbsolute(spec);
  const target = isPath ? pathToFileURL(resolve(cwd, spec)).href : spec;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(target)) as Record<string, unknown>;
  } catch (e) {
    throw new PluginLoadError(
      `Cannot load plugin "${spec}" named in LIFTGATE_PLUGINS: ${(e as Error).message}. ` +
        (isPath ? "Check the path exists." : `Install it first (npm install ${spec}) or give a path.`),
    );
  }
  return validatePlugin(mod.default ?? mod.plugin, spec);
}

/** A registry over a list of plugins; two plugins with one id is an error. */
export function createPluginRegistry(plugins: ConnectorPlugin<any>[]): PluginRegistry {
  const byId = new Map<string, ConnectorPlugin<any>>();
  for (const p of plugins) {
    if (byId.has(p.id)) throw new PluginLoadError(`Two connector plugins use the id "${p.id}"; ids must be unique.`);
    byId.set(p.id, p);
  }
  return {
    find: (id) => byId.get(id),
    get(id) {
      const p = byId.get(id);
      if (!p) throw new AppError("BAD_USER_INPUT", `Unknown connector "${id}". Available: ${[...byId.keys()].sort().join(", ") || "none"}.`, { field: "pluginId" });
      return p;
    },
    list: () => [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

/** The built-ins for a config: the csv connector reads only inside the operator's import directory (IMPORT_DIR). */
export function builtinPluginsFor(config: { imports?: Readonly<ImportDirOptions> }): Record<string, ConnectorPlugin<any>> {
  return { ...builtinPlugins, [csvPlugin.id]: createCsvPlugin(config.imports ?? { maxBytes: 0 }) };
}

/** Built-ins plus the external plugins named in config.plugins, each loaded and validated. */
export async function loadPluginRegistry(config: { plugins: readonly string[]; imports?: Readonly<ImportDirOptions> }, builtins = builtinPluginsFor(config)): Promise<PluginRegistry> {
  const external = [];
  for (const spec of config.plugins) external.push(await importPlugin(spec));
  return createPluginRegistry([...Object.values(builtins), ...external]);
}

const cache = new WeakMap<object, Promise<PluginRegistry>>();
/** The registry of an App (or any holder of a config), loaded once and shared. */
export function pluginRegistryOf(app: { config: { plugins: readonly string[]; imports?: Readonly<ImportDirOptions> } }): Promise<PluginRegistry> {
  let registry = cache.get(app);
  if (!registry) cache.set(app, (registry = loadPluginRegistry(app.config)));
  return registry;
}

import { z } from "zod";
import type { App } from "../app.js";
import { pluginRegistryOf } from "../plugins/registry.js";
import type { ConnectorPlugin } from "../plugins/types.js";
import type { ConnectionDeps } from "./connection-service.js";
import { secretBoxOf } from "./secret-box.js";

/** The connection service's dependencies for an App. */
export async function connectionDepsOf(app: App): Promise<ConnectionDeps> {
  return { registry: await pluginRegistryOf(app), box: secretBoxOf(app), logger: app.logger };
}

/** JSON Schema of a plugin's config for UIs; secret fields are marked writeOnly. */
export function configSchemaOf(plugin: ConnectorPlugin<any>): Record<string, unknown> {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(plugin.spec as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  } catch {
    schema = { type: "object" };
  }
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const f of plugin.secretFields) if (props[f]) props[f] = { ...props[f], writeOnly: true };
  return schema;
}

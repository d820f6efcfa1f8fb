import { Command } from "commander";
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from "../orgs/api-keys.js";
import type { ApiKeyRole } from "../db/tables/index.js";
import { print, scopeFor, withApp } from "./shared.js";

export function keyCommand() {
  const key = new Command("key").description("manage API keys of an organization");
  key
    .command("create")
    .description("create a key; the secret is printed once")
    .requiredOption("--org <id|slug>", "organization")
    .option("--name <name>", "what the key is for", "cli")
    .option("--role <role>", `one of ${ROLES.join(", ")}`, "viewer")
    .action((o: { org: string; name: string; role: string }) =>
      withApp(async (app) => {
        const { apiKey, secret } = await createApiKey(await scopeFor(app, o.org), { name: o.name, role: o.role as ApiKeyRole });
        print(`key ${apiKey.id} (${apiKey.role}, ${apiKey.prefix}…)`);
        print(secret);
      }),
    );
  key
    .command("list")
    .description("list keys (prefix, role, last use; never the secret)")
    .requiredOption("--org <id|slug>", "organization")
    .action((o: { org: string }) =>
      withApp(async (app) => {
        for (const k of await listApiKeys(await scopeFor(app, o.org)))
          print(`${k.id}  ${k.prefix}…  ${k.role.padEnd(6)}  ${k.name}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active"}  last used ${k.lastUsedAt?.toISOString() ?? "never"}`);
      }),
    );
  key
    .command("revoke <keyId>")
    .description("revoke a key at once")
    .requiredOption("--org <id|slug>", "organization")
    .action((keyId: string, o: { org: string }) =>
      withApp(async (app) => {
        const k = await revokeApiKey(await scopeFor(app, o.org), keyId);
        print(`revoked ${k.id} (${k.prefix}…)`);
      }),
    );
  return key;
}

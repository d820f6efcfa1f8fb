import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { startJsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";
import { newOrg } from "./sync-fixture.js";
import { liftgateArgs } from "../helpers/cli.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

function cli(args: string[], env: Record<string, string>) {
  const p = spawn(process.execPath, liftgateArgs(...args), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  p.stdout!.on("data", (d) => (out += d));
  p.stderr!.on("data", (d) => (err += d));
  return new Promise<{ code: number | null; out: string; err: string }>((r) => p.on("exit", (code) => r({ code, out, err })));
}

describe("liftgate sync <connection>", () => {
  it("syncs a connection by name and prints the outcome; a bad token exits 1 with the re-authorize message", async () => {
    const key = randomBytes(32).toString("hex");
    const emu = await startJsonHttpEmulator({ campaigns: 1, adsPerCampaign: 3, lastDate: "2030-12-31" });
    cleanups.push(() => emu.close());
    let env: Record<string, string>;
    let database;
    if (testDriver === "postgres") {
      const { url, drop } = await createPostgresUrl();
      cleanups.push(drop);
      env = { DATABASE_URL: url };
      database = await openDatabase({ url, max: 2 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), "liftgate-cli-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { LIFTGATE_DATA_DIR: dir };
      database = await openDatabase({ dataDir: join(dir, "db") });
    }
    env = { ...env, LIFTGATE_ENCRYPTION_KEY: key, NODE_ENV: "test", LIFTGATE_PLUGINS: "" };
    await migrate(database);
    const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(key, "hex")), logger: pino({ level: "silent" }) };
    const scope = await newOrg(database, "Cli");
    await createConnection(scope, deps, { pluginId: "json-http", name: "Reports", config: { ...emu.config, pageSize: 5 } });
    await createConnection(scope, deps, { pluginId: "json-http", name: "Broken", config: { ...emu.config, token: "wrong-token" } });
    await database.close();

    const ok = await cli(["sync", "Reports", "--org", scope.orgId, "--start", "2024-01-01", "--end", "2024-01-10", "--no-progress"], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^run [0-9a-f-]{36} succeeded: 30 read, 30 facts written, 4 entities, 0 rejected\n$/);
    expect(ok.err).toContain("window 1/1 2024-01-01..2024-01-10");

    const bad = await cli(["sync", "Broken", "--org", scope.orgId, "--start", "2024-01-01", "--end", "2024-01-02", "--no-progress"], env);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/error \(UPSTREAM_ERROR\): .*rejected the credentials .*Re-authorize the connection/);
    expect(bad.out + bad.err).not.toContain("wrong-token");

    const missing = await cli(["sync", "Nope", "--org", scope.orgId], env);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^liftgate: No connection "Nope" in this organization\. Connections: (Broken|Reports) \(/);
  }, 180_000);
});

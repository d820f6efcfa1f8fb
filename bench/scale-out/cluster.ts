// The setup the scale-out benchmarks share: a scratch PostgreSQL database (created and dropped), migrated, with one
// organization, a job queue, and `liftgate` processes (serve, worker) started on it with the same encryption key.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createEventBus } from "../../src/events.js";
import { createGraphileQueue } from "../../src/jobs/graphile-queue.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import type { JsonHttpEmulatorOptions } from "../../src/plugins/json-http/json-http-emulator.js";
import { allowSandboxOrigin } from "../../src/plugins/outbound.js";
import { createConnection } from "../../src/sync/connection-service.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { createPostgresUrl } from "../../test/helpers/db.js";
import { startLiftgate, type LiftgateProcess } from "../../test/scale-out/processes.js";

/** The server scratch databases are made on: BENCH_DATABASE_URL, or `--url <url>` given to the benchmark. */
export function adminUrl(args = process.argv.slice(2)): string {
  const i = args.indexOf("--url");
  return i >= 0 ? args[i + 1]! : (process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/postgres");
}

/** A scratch database with one organization; `start` runs `liftgate` processes on it, `close` stops them and drops it. */
export async function cluster(admin = adminUrl()) {
  const key = randomBytes(32).toString("hex");
  const logger = pino({ level: "silent" });
  const deps = { registry: createPluginRegistry([jsonHttpPlugin]), box: createSecretBox(Buffer.from(key, "hex")), logger };
  const { url, drop } = await createPostgresUrl(admin);
  const db = await openDatabase({ url, max: 4 });
  await migrate(db);
  const jobs = await createGraphileQueue(url, logger, { pollIntervalMs: 200 });
  const [org] = await db.db.insert(organizations).values({ name: "Bench", slug: `bench-${randomBytes(3).toString("hex")}` }).returning();
  const scope = orgScope(db, org!.id);
  const env = { DATABASE_URL: url, LIFTGATE_ENCRYPTION_KEY: key, LIFTGATE_SCHEDULER: "false", LIFTGATE_JOB_POLL_MS: "200" };
  const procs: LiftgateProcess[] = [];
  // Syncs are queued from here and run by whichever `liftgate` process takes the job.
  const engine = createSyncEngine({ ...deps, database: db, events: createEventBus(), workerId: "bench:0", jobs });
  return {
    db, scope, env, jobs, engine,
    /** An admin API key of the organization. */
    apiKey: async () => (await createApiKey(scope, { name: "bench", role: "admin" })).secret,
    /** A json-http connection of the organization to an emulator's config. */
    connection: (name: string, config: Record<string, unknown>) => createConnection(scope, deps, { pluginId: "json-http", name, config }),
    /** Start `n` processes of `liftgate <argv>`, each ready when this resolves. */
    start: async (n: number, argv: string[], extra: Record<string, string> = {}) => {
      const started = await Promise.all(Array.from({ length: n }, () => startLiftgate(argv, { ...env, ...extra })));
      procs.push(...started);
      return started;
    },
    close: async () => { await Promise.all(procs.map((p) => p.stop())); await jobs.stop(); await db.close(); await drop(); },
  };
}

/**
 * The json-http emulator in a process of its own (bench/sync/emulator-child.ts), for benchmarks whose own event loop is
 * busy (e.g. with a thousand subscribers' messages) and would delay its replies, and so the sync being measured.
 */
export function emulatorProcess(options: JsonHttpEmulatorOptions): Promise<{ config: Record<string, unknown>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", pathToFileURL(resolve("node_modules", "tsx", "dist", "loader.mjs")).href, resolve("bench", "sync", "emulator-child.ts"), JSON.stringify(options)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((r) => child.on("exit", () => r()));
  return new Promise((done, fail) => {
    void exited.then(() => fail(new Error("the emulator process exited at start")));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const config = JSON.parse(line) as { baseUrl: string };
      // Connections are created here too: this process must let them reach the other one's loopback port.
      const disallow = allowSandboxOrigin(config.baseUrl);
      done({ config, close: async () => { disallow(); child.kill("SIGTERM"); await exited; } });
    });
  });
}

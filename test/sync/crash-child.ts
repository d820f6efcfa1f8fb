// A sync process for the crash test: `start` runs a sync and prints progress as JSON lines;
// `resume` finds runs left behind by a killed process and resumes them.
import { pino } from "pino";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { configureOutbound } from "../../src/plugins/outbound.js";
import { orgScope } from "../../src/db/scope.js";
import { createEventBus } from "../../src/events.js";
import { createPluginRegistry } from "../../src/plugins/registry.js";
import { jsonHttpPlugin } from "../../src/plugins/json-http/json-http.plugin.js";
import { createSecretBox } from "../../src/sync/secret-box.js";
import { createSyncEngine, defaultWorkerId } from "../../src/sync/sync-engine.js";

const env = process.env;
// As a liftgate process does at start: the emulator is on loopback, which NODE_ENV=test's default allowlist admits.
configureOutbound(loadConfig().outbound.allow);
const database = await openDatabase(env.CRASH_DB_URL ? { url: env.CRASH_DB_URL, max: 2 } : { dataDir: env.CRASH_DATA_DIR! });
const events = createEventBus();
const engine = createSyncEngine({
  database, events, logger: pino({ level: "silent" }), registry: createPluginRegistry([jsonHttpPlugin]),
  box: createSecretBox(Buffer.from(env.CRASH_KEY!, "hex")), workerId: defaultWorkerId(), chunkSize: Number(env.CRASH_CHUNK ?? 100),
  now: () => new Date("2024-06-30T12:00:00Z"),
});
void (async () => { for await (const e of events.subscribe("SYNC_PROGRESS")) process.stdout.write(JSON.stringify(e) + "\n"); })();

if (env.CRASH_MODE === "start") {
  const run = await engine.start(orgScope(database, env.CRASH_ORG!), { connectionId: env.CRASH_CONN!, range: { start: env.CRASH_START!, end: env.CRASH_END! }, trigger: "cli" });
  await engine.wait(run.id);
} else {
  const ids = await engine.resumeAbandoned();
  process.stdout.write(JSON.stringify({ resumed: ids }) + "\n");
  for (const id of ids) await engine.wait(id);
}
await new Promise((r) => setTimeout(r, 50));
await database.close();

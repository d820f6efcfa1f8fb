import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { App } from "../../src/app.js";
import type { Database } from "../../src/db/client.js";
import { connections, syncRuns } from "../../src/db/tables/index.js";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { createConnection, updateConnection } from "../../src/sync/connection-service.js";
import { schedulerTick } from "../../src/sync/scheduler.js";
import { createTestDatabase } from "../helpers/db.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

let database: Database;
let emu: JsonHttpEmulator;
beforeAll(async () => { database = await createTestDatabase(); emu = await startJsonHttpEmulator({ campaigns: 1, adsPerCampaign: 1 }); });
afterAll(async () => { await emu.close(); await database.close(); });

describe("schedulerTick", () => {
  it("starts due active connections only, and not again until the interval has passed", async () => {
    const f = syncFixture(database);
    const app = { database, logger: f.deps.logger } as unknown as App;
    const scope = await newOrg(database);
    const due = await createConnection(scope, f.deps, { pluginId: "json-http", name: "hourly", config: emu.config, schedule: "every 1h" });
    const paused = await createConnection(scope, f.deps, { pluginId: "json-http", name: "paused", config: emu.config, schedule: "every 1h" });
    await updateConnection(scope, f.deps, paused.id, { status: "paused" });
    await createConnection(scope, f.deps, { pluginId: "json-http", name: "manual", config: emu.config });

    const started = await schedulerTick(app, f.engine, new Date());
    expect(started).toHaveLength(1);
    expect(await f.engine.wait(started[0]!)).toBe("succeeded");
    const [run] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, started[0]!));
    expect([run!.connectionId, run!.trigger]).toEqual([due.id, "schedule"]);

    expect(await schedulerTick(app, f.engine, new Date(Date.now() + 30 * 60_000))).toEqual([]);
    const later = await schedulerTick(app, f.engine, new Date(Date.now() + 61 * 60_000));
    expect(later).toHaveLength(1);
    await f.engine.wait(later[0]!);
    const [c] = await database.db.select().from(connections).where(eq(connections.id, due.id));
    expect(c!.lastSuccessAt).not.toBeNull();
  });
});

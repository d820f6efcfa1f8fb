import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { connections } from "../../src/db/tables/index.js";
import { createConnection, deleteConnection, getConnection, listConnections, resolveConnection, updateConnection } from "../../src/sync/connection-service.js";
import { createTestDatabase } from "../helpers/db.js";
import { createExperiment, updateExperiment } from "../../src/analytics/experiments/experiment-service.js";
import { metaAdsPlugin } from "../../src/plugins/meta-ads/meta-ads.plugin.js";
import { newOrg, syncFixture } from "./sync-fixture.js";

let database: Database;
beforeAll(async () => { database = await createTestDatabase(); });
afterAll(() => database.close());

const config = { baseUrl: "https://reports.example.com", token: "tok-plaintext-123", accountId: "acct_1" };

describe("connection service", () => {
  it("stores secrets only encrypted: not in config, not in the sealed column, and never in views", async () => {
    const { deps } = syncFixture(database);
    const scope = await newOrg(database);
    const view = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config });
    const raw = await queryRows<{ row: string }>(database.db, sql`select row_to_json(c)::text as row from connections c where id = ${view.id}`);
    expect(raw[0]!.row).not.toContain("tok-plaintext-123");
    expect(JSON.stringify(view)).not.toContain("tok-plaintext-123");
    expect(JSON.stringify(await listConnections(scope, deps))).not.toContain("tok-plaintext-123");
    expect((await resolveConnection(scope, deps, view.id)).config.token).toBe("tok-plaintext-123");
  });

  it("keeps a secret left out of an update, replaces one given, and reactivates a needs_reauth connection", async () => {
    const { deps } = syncFixture(database);
    const scope = await newOrg(database);
    const { id } = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config });
    await updateConnection(scope, deps, id, { config: { pageSize: 50 } });
    expect((await resolveConnection(scope, deps, id)).config).toMatchObject({ token: "tok-plaintext-123", pageSize: 50 });
    await database.db.update(connections).set({ status: "needs_reauth" }).where(eq(connections.id, id));
    const updated = await updateConnection(scope, deps, id, { config: { token: "new-token" } });
    expect(updated.status).toBe("active");
    expect((await resolveConnection(scope, deps, id)).config.token).toBe("new-token");
  });

  it("names each invalid field and refuses a bad schedule", async () => {
    const { deps } = syncFixture(database);
    const scope = await newOrg(database);
    const err = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config: { ...config, pageSize: 0, currency: "usd" } }).then(() => undefined as any, (e: any) => e);
    expect(err.code).toBe("BAD_USER_INPUT");
    expect(err.details.fields.map((f: { field: string }) => f.field)).toEqual(["config.currency", "config.pageSize"]);
    const bad = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config, schedule: "sometimes" }).then(() => undefined as any, (e: any) => e);
    expect(bad.details).toEqual({ field: "schedule" });
    const unknown = await createConnection(scope, deps, { pluginId: "nope", name: "R", config }).then(() => undefined as any, (e: any) => e);
    expect(unknown.message).toBe('Unknown connector "nope". Available: json-http.');
  });

  it("never shows or deletes another organization's connection", async () => {
    const { deps } = syncFixture(database);
    const a = await newOrg(database, "A");
    const b = await newOrg(database, "B");
    const { id } = await createConnection(a, deps, { pluginId: "json-http", name: "R", config });
    await expect(getConnection(b, deps, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(deleteConnection(b, id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await listConnections(b, deps)).toEqual([]);
    expect(await deleteConnection(a, id)).toBe(true);
  });

  it("refuses endpoints on private, loopback or metadata addresses, and platform connectors' hosts other than the platform's, naming the field", async () => {
    const { deps } = syncFixture(database, [metaAdsPlugin]);
    const scope = await newOrg(database);
    for (const baseUrl of ["http://169.254.169.254/latest", "http://127.0.0.1:5432", "http://[::1]/", "http://10.0.0.8/", "http://localhost:4000/"]) {
      const err = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config: { ...config, baseUrl } }).then(() => undefined as any, (e: any) => e);
      expect([baseUrl, err?.code, err?.details.fields.map((f: { field: string }) => f.field)]).toEqual([baseUrl, "BAD_USER_INPUT", ["config.baseUrl"]]);
    }
    const meta = { accessToken: "EAAB-secret", accountIds: ["act_1"], baseUrl: "https://collector.attacker.example" };
    const err = await createConnection(scope, deps, { pluginId: "meta-ads", name: "M", config: meta }).then(() => undefined as any, (e: any) => e);
    expect(err.message).toBe("config.baseUrl: Meta Ads connections may only reach graph.facebook.com; an operator can allow another host (a proxy) with OUTBOUND_ALLOW_HOSTS.");
    expect((await createConnection(scope, deps, { pluginId: "meta-ads", name: "M", config: { ...meta, baseUrl: "https://graph.facebook.com" } })).config.baseUrl).toBe("https://graph.facebook.com");
  });

  it("makes a change of endpoint re-enter the stored secrets, so a token is never sent to a new host", async () => {
    const { deps } = syncFixture(database);
    const scope = await newOrg(database);
    const { id } = await createConnection(scope, deps, { pluginId: "json-http", name: "R", config });
    const err = await updateConnection(scope, deps, id, { config: { baseUrl: "https://collector.attacker.example" } }).then(() => undefined as any, (e: any) => e);
    expect(err.code).toBe("BAD_USER_INPUT");
    expect(err.message).toBe("Changing config.baseUrl would send the stored secrets to a new address: re-enter config.token in the same update.");
    expect(err.details.fields).toEqual([{ field: "config.token", message: "required when config.baseUrl changes" }]);
    expect((await resolveConnection(scope, deps, id)).config).toMatchObject({ baseUrl: "https://reports.example.com", token: "tok-plaintext-123" });
    await updateConnection(scope, deps, id, { config: { baseUrl: "https://reports.example.com", pageSize: 10 } }); // same endpoint: no secret needed
    await updateConnection(scope, deps, id, { config: { baseUrl: "https://reports2.example.com", token: "tok-for-new-host" } });
    expect((await resolveConnection(scope, deps, id)).config).toMatchObject({ baseUrl: "https://reports2.example.com", token: "tok-for-new-host" });
  });

  it("lets an experiment treat only its own organization's connections (another org's id is not found)", async () => {
    const { deps } = syncFixture(database);
    const a = await newOrg(database, "A");
    const b = await newOrg(database, "B");
    const { id } = await createConnection(a, deps, { pluginId: "json-http", name: "R", config });
    const fields = { name: "Geo lift", type: "geo" as const, primaryMetric: "revenue", treatedGeos: ["CA"], treatment: { connections: [id] } };
    await expect(createExperiment(b, fields)).rejects.toMatchObject({ code: "NOT_FOUND", message: `Connection ${id} was not found in this organization.` });
    const mine = await createExperiment(a, fields);
    expect(mine.treatment).toEqual({ connections: [id] });
    await expect(updateExperiment(b, mine.id, { treatment: { connections: [id] } })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const own = await createExperiment(b, { ...fields, treatment: undefined });
    await expect(updateExperiment(b, own.id, { treatment: { connections: [id] } })).rejects.toMatchObject({ code: "NOT_FOUND", message: `Connection ${id} was not found in this organization.` });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { startTestServer, type TestOrg, type TestServer } from "../helpers/server.js";
import { apiKeys } from "../../src/db/tables/index.js";
import { KEY_CACHE_MS } from "../../src/server/key-cache.js";
import { codes, gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";

let server: TestServer;
let admin: string;
let viewer: string;
let revoked: string;
let org: TestOrg;
const idOf = async (key: string) => {
  const keys = await gql(server.url, admin, "{ apiKeys { edges { node { id prefix } } } }");
  return keys.data!.apiKeys.edges.map((e: { node: unknown }) => e.node).find((k: { prefix: string }) => key.startsWith(k.prefix + "_")).id as string;
};

beforeAll(async () => {
  server = await startTestServer();
  org = await server.createOrg("Acme");
  admin = await org.key("admin");
  viewer = await org.key("viewer");
  revoked = await org.key("viewer");
  const keys = await gql(server.url, admin, "{ apiKeys { edges { node { id prefix } } } }");
  const target = keys.data!.apiKeys.edges.map((e: { node: unknown }) => e.node).find((k: { prefix: string }) => revoked.startsWith(k.prefix + "_"));
  await gql(server.url, admin, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", { id: target.id });
});
afterAll(() => server.close());

describe("HTTP authentication", () => {
  it("answers a request with a valid key", async () => {
    const r = await gql(server.url, viewer, "{ organization { name } }");
    expect(r).toEqual({ status: 200, data: { organization: { name: "Acme" } } });
  });

  it.each([
    ["missing", null],
    ["malformed", "not-a-key"],
    ["unknown", "lg_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ])("refuses a %s key with 401 UNAUTHENTICATED", async (_label, key) => {
    const r = await gql(server.url, key, "{ organization { name } }");
    expect([r.status, codes(r), r.data ?? null]).toEqual([401, ["UNAUTHENTICATED"], null]);
  });

  it("refuses a revoked key at once", async () => {
    const r = await gql(server.url, revoked, "{ organization { name } }");
    expect([r.status, codes(r)]).toEqual([401, ["UNAUTHENTICATED"]]);
  });

  it("refuses a key revoked through the API on its next request, though it was just used (and cached)", async () => {
    const used = await org.key("viewer");
    expect((await gql(server.url, used, "{ organization { name } }")).status).toBe(200);
    await gql(server.url, admin, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", { id: await idOf(used) });
    const r = await gql(server.url, used, "{ organization { name } }");
    expect([r.status, codes(r)]).toEqual([401, ["UNAUTHENTICATED"]]);
  });

  it(`refuses a key revoked outside this gateway (CLI, another instance) within the key cache's ${KEY_CACHE_MS} ms`, async () => {
    const used = await org.key("viewer");
    expect((await gql(server.url, used, "{ organization { name } }")).status).toBe(200);
    await server.app.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, await idOf(used)));
    const revokedAt = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - revokedAt < KEY_CACHE_MS + 3_000) {
      status = (await gql(server.url, used, "{ organization { name } }")).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 250));
    }
    expect(status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(KEY_CACHE_MS + 2_500);
  });

  it("refuses a viewer key on admin operations with FORBIDDEN", async () => {
    const r = await gql(server.url, viewer, "mutation { createApiKey(name: \"x\", role: admin) { secret } }");
    expect(codes(r)).toEqual(["FORBIDDEN"]);
    expect(r.errors![0]!.message).toBe("This needs an API key with the admin role or higher; this key is a viewer key.");
  });

  it("refuses a viewer key on ingestFacts with FORBIDDEN", async () => {
    const r = await gql(server.url, viewer, `mutation { ingestFacts(input: [{platform: "meta", date: "2024-01-01", currency: "USD"}]) { written } }`);
    expect(codes(r)).toEqual(["FORBIDDEN"]);
  });

  it("never returns a key's secret after creation", async () => {
    const created = await gql(server.url, admin, "mutation { createApiKey(name: \"looker\", role: viewer) { secret apiKey { prefix } } }");
    const secret = created.data!.createApiKey.secret as string;
    expect(secret).toMatch(/^lg_[a-z0-9]{8}_[A-Za-z0-9_-]{32}$/);
    const listed = await gql(server.url, admin, "{ apiKeys { edges { node { id name prefix role createdAt lastUsedAt revokedAt } } } }");
    expect(JSON.stringify(listed)).not.toContain(secret.slice(12));
    expect(server.logs()).not.toContain(secret);
  });
});

describe("WebSocket authentication", () => {
  it("answers an operation when connection_init carries a valid key", async () => {
    const client = wsClient(server.wsUrl, viewer);
    const r = await wsExecute(client, "{ organization { name } }");
    await client.dispose();
    expect(r).toEqual({ data: { organization: { name: "Acme" } } });
  });

  it.each([
    ["missing", null],
    ["wrong", "lg_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ])("closes with 4403 when the key is %s", async (_label, key) => {
    const client = wsClient(server.wsUrl, key);
    const r = await wsExecute(client, "{ organization { name } }");
    await client.dispose();
    expect(r).toEqual({ closeCode: 4403 });
  });

  it("closes with 4403 for a revoked key", async () => {
    const client = wsClient(server.wsUrl, revoked);
    const r = await wsExecute(client, "{ organization { name } }");
    await client.dispose();
    expect(r).toEqual({ closeCode: 4403 });
  });

  it("applies role checks over WebSocket too", async () => {
    const client = wsClient(server.wsUrl, viewer);
    const r = await wsExecute(client, "mutation { createApiKey(name: \"x\") { secret } }");
    await client.dispose();
    expect(r.errors?.map((e) => e.extensions?.code)).toEqual(["FORBIDDEN"]);
  });
});

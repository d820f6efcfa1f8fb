import { eq } from "drizzle-orm";
import type { Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, organizations } from "../../src/db/tables/index.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer, type TestOrg } from "../helpers/server.js";
import { wsClient, wsExecute } from "../helpers/ws.js";

// An open graphql-ws socket must not outlive its key: revoked, deleted with its org, or given another role.
let server: TestServer;
let acme: TestOrg;
let other: TestOrg;
let admin: string;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
  acme = await server.createOrg("Acme");
  other = await server.createOrg("Other");
  admin = await acme.key("admin");
});
afterAll(async () => { await Promise.all(clients.map((c) => c.dispose())); await server.close(); });


/** A connected client with a live subscription; `closed` resolves with the socket's close code. */
async function connected(key: string) {
  const client = open(key);
  let resolveClosed!: (code: number) => void;
  const closed = new Promise<number>((r) => { resolveClosed = r; });
  client.on("closed", (e) => resolveClosed((e as { code: number }).code));
  client.subscribe({ query: "subscription { syncProgress { runId } }" }, { next: () => {}, error: () => {}, complete: () => {} });
  const ok = await wsExecute(client, "{ organization { name } }");
  expect(ok.errors).toBeUndefined();
  return { client, closed };
}
function open(key: string) { const c = wsClient(server.wsUrl, key); clients.push(c); return c; }
const idOf = async (secret: string) => {
  const list = await gql(server.url, admin, "{ apiKeys(first: 200) { edges { node { id prefix } } } }");
  return (list.data!.apiKeys.edges.map((e: { node: unknown }) => e.node) as { id: string; prefix: string }[]).find((k) => secret.startsWith(k.prefix))!.id;
};

describe("open WebSockets follow their key", () => {
  it("revokeApiKey closes the key's sockets at once (4403) and leaves other keys' sockets open", async () => {
    const viewer = await acme.key("viewer");
    const theirs = await other.key("viewer");
    const mine = await connected(viewer);
    const bystander = await connected(theirs);
    const r = await gql(server.url, admin, "mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", { id: await idOf(viewer) });
    const started = Date.now();
    expect(r.errors).toBeUndefined();
    expect(await mine.closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await wsExecute(open(viewer), "{ organization { name } }")).toEqual({ closeCode: 4403 });
    expect((await wsExecute(bystander.client, "{ organization { name } }")).data).toEqual({ organization: { name: "Other" } });
  });

  it("a role lowered outside this process (CLI, another instance) closes the key's sockets within the sweep", async () => {
    const editor = await acme.key("editor");
    const mine = await connected(editor);
    await server.app.database.db.update(apiKeys).set({ role: "viewer" }).where(eq(apiKeys.id, await idOf(editor)));
    const started = Date.now();
    expect(await mine.closed).toBe(4403);
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("an operation sent after the key changed runs nothing, even before the sweep", async () => {
    const editor = await acme.key("editor");
    const { client } = await connected(editor);
    await server.app.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, await idOf(editor)));
    const r = await wsExecute(client, "{ organization { name } }");
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.extensions?.code === "UNAUTHENTICATED" || r.closeCode === 4403).toBe(true);
  });

  it("deleting the organization closes its keys' sockets", async () => {
    const gone = await server.createOrg("Gone");
    const mine = await connected(await gone.key("admin"));
    await server.app.database.db.delete(organizations).where(eq(organizations.id, gone.orgId));
    expect(await mine.closed).toBe(4403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { upsertFacts } from "../../src/db/facts.js";
import { exportLinks } from "../../src/db/tables/index.js";
import { queryRows } from "../../src/db/query.js";
import { gql, codes } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  CreateCausalDatasetExportLinkDocument, CreateMetricsExportLinkDocument, ExportLinksDocument, RevokeExportLinkDocument,
  type MetricsQueryInput,
} from "../../generated/graphql.js";

let server: TestServer;
let viewer: string, admin: string, other: string, otherAdmin: string;

// What a tool that can only GET a URL sends: no Authorization header, no cookies.
const getLink = (url: string) => fetch(url, { headers: { "user-agent": "Mozilla/5.0 (compatible; GoogleDocs; apps-spreadsheets; +http://docs.google.com)" } });
type ErrorBody = { errors: { message: string; extensions: { code: string; reason?: string } }[] };

const JAN: MetricsQueryInput = { measures: ["spend", "clicks"] as never, dimensions: ["platform"] as never, dateRange: { from: "2024-01-01", to: "2024-01-02" } };

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Links");
  [viewer, admin] = [await org.key("viewer"), await org.key("admin")];
  const o2 = await server.createOrg("Other");
  [other, otherAdmin] = [await o2.key("viewer"), await o2.key("admin")];
  await upsertFacts(server.app.database.db, org.orgId, "s", [
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c1", date: "2024-01-01", currency: "USD", spend: "10.10", clicks: 3 },
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c1", date: "2024-01-02", currency: "USD", spend: "0.20", clicks: 1 },
    { platform: "google", stream: "c", level: "campaign", campaignId: "g1", date: "2024-01-02", currency: "USD", spend: "5", clicks: 2 },
  ]);
  await upsertFacts(server.app.database.db, o2.orgId, "s", [
    { platform: "tiktok", stream: "c", level: "campaign", campaignId: "t1", date: "2024-01-01", currency: "USD", spend: "999", clicks: 9 },
  ]);
});
afterAll(() => server.close());

async function createLink(key: string, vars: { query?: MetricsQueryInput; expiresIn?: number; name?: string } = {}) {
  const r = await gql(server.url, key, CreateMetricsExportLinkDocument, { query: vars.query ?? JAN, expiresIn: vars.expiresIn, name: vars.name });
  expect(r.errors).toBeUndefined();
  return r.data!.createExportLink;
}

describe("signed export links", () => {
  it("serve the metrics query as CSV to a plain GET without an Authorization header", async () => {
    const { url, exportLink } = await createLink(viewer, { name: "weekly sheet" });
    expect(url).toMatch(new RegExp(`^${server.url.replace(/\/graphql$/, "")}/export/links/lgx_[A-Za-z0-9_-]{43}\\.csv$`));
    expect(exportLink).toMatchObject({ name: "weekly sheet", kind: "metrics", status: "active", prefix: url.split("/").at(-1)!.slice(0, 10) });
    const res = await getLink(url);
    expect([res.status, res.headers.get("content-type"), res.headers.get("cache-control"), await res.text()])
      .toEqual([200, "text/csv; charset=utf-8", "private, no-store", "platform,spend,clicks\ngoogle,5,2\nmeta,10.3,4\n"]);
  });

  it("are bound to their query: a query parameter added to the URL changes nothing", async () => {
    const { url } = await createLink(viewer);
    const tampered = `${url}?query=${encodeURIComponent(JSON.stringify({ measures: ["spend"], dimensions: ["campaign"], dateRange: { from: "2020-01-01", to: "2030-01-01" } }))}`;
    expect(await (await getLink(tampered)).text()).toBe("platform,spend,clicks\ngoogle,5,2\nmeta,10.3,4\n");
  });

  it("serve only the organization that created them", async () => {
    const { url } = await createLink(other);
    expect(await (await getLink(url)).text()).toBe("platform,spend,clicks\ntiktok,999,9\n");
  });

  it("serve the causal dataset exactly as the keyed export does", async () => {
    const input = { dateRange: { from: "2024-01-01", to: "2024-01-02" }, calendarControls: false };
    const r = await gql(server.url, viewer, CreateCausalDatasetExportLinkDocument, { input });
    expect(r.data!.createExportLink.exportLink).toMatchObject({ kind: "causalDataset", status: "active" });
    const viaLink = await (await getLink(r.data!.createExportLink.url)).text();
    const viaKey = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/export/causal-dataset.csv`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${viewer}` }, body: JSON.stringify({ query: input }),
    })).text();
    expect(viaLink.split("\n").length).toBe(4); // header, two days, final newline
    expect(viaLink).toBe(viaKey);
  });

  it("store only a hash of the token", async () => {
    const { url, exportLink } = await createLink(viewer);
    const token = url.split("/").at(-1)!.replace(/\.csv$/, "");
    const [row] = await queryRows<{ text: string }>(server.app.database.db, sql`select row_to_json(l)::text as text from export_links l where id = ${exportLink.id}`);
    expect([row!.text.includes(token), row!.text.includes(token.slice(10))]).toEqual([false, false]);
  });

  it("are listed for the organization with their status and last use, never their token", async () => {
    const { url, exportLink } = await createLink(admin, { name: "listed" });
    await getLink(url);
    const list = await gql(server.url, viewer, ExportLinksDocument);
    const mine = list.data!.exportLinks.edges.map((e) => e.node).find((l) => l.id === exportLink.id)!;
    expect(mine).toMatchObject({ name: "listed", kind: "metrics", status: "active", revokedAt: null });
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(url.split("/").at(-1)!.slice(10, 30));
    expect((await gql(server.url, other, ExportLinksDocument)).data!.exportLinks.edges.map((e) => e.node.id)).not.toContain(exportLink.id);
  });

  it("stop at once when revoked: 401 UNAUTHENTICATED saying so, and no data", async () => {
    const { url, exportLink } = await createLink(viewer);
    const revoked = await gql(server.url, admin, RevokeExportLinkDocument, { id: exportLink.id });
    expect(revoked.data!.revokeExportLink).toMatchObject({ id: exportLink.id, status: "revoked" });
    const res = await getLink(url);
    const body = await res.text();
    expect([res.status, (JSON.parse(body) as ErrorBody).errors[0]!.extensions]).toEqual([401, { code: "UNAUTHENTICATED", reason: "REVOKED" }]);
    expect((JSON.parse(body) as ErrorBody).errors[0]!.message).toBe("This export link was revoked. Ask an admin of the organization for a new one (createExportLink).");
    expect(body).not.toMatch(/meta|google|spend|Links/);
  });

  it("stop once expired: 401 UNAUTHENTICATED with reason EXPIRED", async () => {
    const { url, exportLink } = await createLink(viewer, { expiresIn: 60 });
    expect((await getLink(url)).status).toBe(200);
    // Sixty seconds later, without waiting them: the expiry is moved into the past.
    await server.app.database.db.update(exportLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(exportLinks.id, exportLink.id));
    const res = await getLink(url);
    expect([res.status, ((await res.json()) as ErrorBody).errors[0]]).toEqual([401, {
      message: "This export link has expired. Create a new one with the createExportLink mutation.", extensions: { code: "UNAUTHENTICATED", reason: "EXPIRED" },
    }]);
    expect((await gql(server.url, viewer, ExportLinksDocument)).data!.exportLinks.edges.find((e) => e.node.id === exportLink.id)!.node.status).toBe("expired");
  });

  it("stop when the key that created them is revoked", async () => {
    const temp = await gql(server.url, admin, `mutation { createApiKey(name: "bi", role: viewer) { apiKey { id } secret } }`);
    const { url } = await createLink(temp.data!.createApiKey.secret);
    expect((await getLink(url)).status).toBe(200);
    await gql(server.url, admin, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: temp.data!.createApiKey.apiKey.id });
    const res = await getLink(url);
    expect([res.status, ((await res.json()) as ErrorBody).errors[0]!.extensions.reason]).toEqual([401, "REVOKED"]);
  });

  it("refuse unknown and malformed tokens with 401 and the same words", async () => {
    const base = server.url.replace(/\/graphql$/, "");
    for (const path of [`/export/links/lgx_${"A".repeat(43)}.csv`, "/export/links/nope.csv", `/export/links/lgx_${"A".repeat(43)}`]) {
      const res = await getLink(`${base}${path}`);
      expect([res.status, ((await res.json()) as ErrorBody).errors[0]!.extensions]).toEqual([401, { code: "UNAUTHENTICATED", reason: "INVALID" }]);
    }
  });

  it("are listed as a Relay connection, newest first, page after page", async () => {
    const all = await gql(server.url, viewer, ExportLinksDocument, { first: 200 });
    const ids = all.data!.exportLinks.edges.map((e) => e.node.id);
    expect(all.data!.exportLinks.totalCount).toBe(ids.length);
    const seen: string[] = [];
    let after: string | null | undefined;
    for (let hasNext = true; hasNext;) {
      const page = (await gql(server.url, viewer, ExportLinksDocument, { first: 2, after })).data!.exportLinks;
      seen.push(...page.edges.map((e) => e.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(Boolean(after));
      [hasNext, after] = [page.pageInfo.hasNextPage, page.pageInfo.endCursor];
    }
    expect(seen).toEqual(ids);
    expect(ids.length).toBeGreaterThan(4);
    expect(codes(await gql(server.url, viewer, ExportLinksDocument, { first: 2, after: "bm9wZQ" }))).toEqual(["BAD_USER_INPUT"]);
  });

  it("cannot be revoked or fetched from another organization, nor revoked by another viewer", async () => {
    const { exportLink } = await createLink(admin);
    expect(codes(await gql(server.url, otherAdmin, RevokeExportLinkDocument, { id: exportLink.id }))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(server.url, otherAdmin, `query($id: ID!) { node(id: $id) { nodeId } }`, { id: exportLink.nodeId }))).toEqual(["NOT_FOUND"]);
    expect((await gql(server.url, viewer, `query($id: ID!) { node(id: $id) { ... on ExportLink { name status } } }`, { id: exportLink.nodeId })).data!.node)
      .toEqual({ name: "metrics", status: "active" });
    expect(codes(await gql(server.url, viewer, RevokeExportLinkDocument, { id: exportLink.id }))).toEqual(["FORBIDDEN"]);
  });

  it("check the query and the expiry when created", async () => {
    const bad = await gql(server.url, viewer, CreateMetricsExportLinkDocument, { query: { ...JAN, dateRange: { from: "2024-02-01", to: "2024-01-01" } } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    const tooLong = await gql(server.url, viewer, CreateMetricsExportLinkDocument, { query: JAN, expiresIn: 366 * 86_400 });
    expect([codes(tooLong), tooLong.errors![0]!.message]).toEqual([["BAD_USER_INPUT"], "expiresIn is in seconds, from 60 to 31536000 (365 days)."]);
    const neither = await gql(server.url, viewer, `mutation { createExportLink { url } }`);
    expect(codes(neither)).toEqual(["BAD_USER_INPUT"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { connections, webhookEndpoints } from "../../src/db/tables/index.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// A receiver as an n8n Webhook node or an Express app would be: it reads the raw body and checks the
// Liftgate-Signature header the way Stripe's docs describe (HMAC-SHA256 over "<t>.<raw body>").
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answers = [500, 204];
const receiver = createServer((req, res) => {
  let body = "";
  req.on("data", (d) => (body += d));
  req.on("end", () => {
    received.push({ headers: req.headers, body });
    res.writeHead(answers.shift() ?? 204).end();
  });
});
function verify(secret: string, header: string, body: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected) && Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
}

let server: TestServer;
let admin: string;
let viewer: string;
let orgId: string;
let other: string;
let receiverUrl: string;
const until = async (ok: () => boolean, ms = 20_000) => {
  for (const end = Date.now() + ms; !ok(); ) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
};

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/liftgate`;
  server = await startTestServer();
  const org = await server.createOrg("Hooks");
  orgId = org.orgId;
  admin = await org.key("admin");
  viewer = await org.key("viewer");
  other = await (await server.createOrg("Other")).key("admin");
});
afterAll(async () => {
  await server.close();
  receiver.close();
});

const CREATE = `mutation($url: String!, $events: [WebhookEventType!]!) { createWebhookEndpoint(url: $url, events: $events) { secret webhookEndpoint { id url events } } }`;
const DELIVERIES = `{ webhookEndpoints { totalCount edges { node { id deliveries(first: 10) { totalCount edges { node { id event status attempts responseStatus error body } } } } } } }`;

describe("webhooks", () => {
  it("signs a failed sync's event with the endpoint's secret, retries a 500 with backoff, logs the delivery and redelivers it", async () => {
    const created = await gql(server.url, admin, CREATE, { url: receiverUrl, events: ["syncFailed", "syncSucceeded"] });
    expect(codes(created)).toEqual([]);
    const { secret, webhookEndpoint } = created.data!.createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(webhookEndpoint).toEqual({ id: expect.any(String), url: receiverUrl, events: ["syncFailed", "syncSucceeded"] });
    const [stored] = await server.app.database.db.select().from(webhookEndpoints);
    expect(stored!.secretEnc).toMatch(/^v1\./);
    expect(stored!.secretEnc).not.toContain(secret.slice(6));

    // A sync run ends as the engine announces it (every instance sees it through the event bus).
    const [conn] = await server.app.database.db.insert(connections).values({ orgId, pluginId: "meta-ads", name: "Meta EU", config: {} }).returning({ id: connections.id });
    const runId = "5b0c1d1e-8a43-4c55-9b7e-0a6b7a0f3c21";
    const failed = { orgId, runId, connectionId: conn!.id, status: "failed", phase: "finished", recordsRead: 40, recordsWritten: 0, recordsRejected: 0, error: "Meta refused the access token: reconnect the account.", errorCode: "AUTH_FAILED", at: "2026-12-01T06:00:00.000Z" };
    server.app.events.publish("SYNC_PROGRESS", failed as never);
    await until(() => received.length === 2);
    expect(received.map((r) => verify(secret, String(r.headers["liftgate-signature"]), r.body))).toEqual([true, true]);
    expect(verify("whsec_someone-elses-secret", String(received[1]!.headers["liftgate-signature"]), received[1]!.body)).toBe(false);
    expect(received[0]!.body).toBe(received[1]!.body);
    const body = JSON.parse(received[1]!.body);
    expect(body).toEqual({
      id: received[1]!.headers["liftgate-delivery"], type: "sync.failed", createdAt: expect.any(String),
      organization: { id: orgId, slug: "hooks-1" },
      data: { runId, connectionId: conn!.id, status: "failed", recordsRead: 40, recordsWritten: 0, recordsRejected: 0, error: "Meta refused the access token: reconnect the account.", errorCode: "AUTH_FAILED", finishedAt: "2026-12-01T06:00:00.000Z" },
    });
    expect([received[1]!.headers["liftgate-event"], received[1]!.headers["content-type"]]).toEqual(["sync.failed", "application/json"]);

    // The same event seen again (another instance, a replayed notification) sends nothing new.
    server.app.events.publish("SYNC_PROGRESS", failed as never);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.length).toBe(2);
    const log = (await gql(server.url, admin, DELIVERIES)).data!.webhookEndpoints;
    expect(log).toEqual({ totalCount: 1, edges: [{ node: { id: webhookEndpoint.id, deliveries: { totalCount: 1, edges: [{ node: { id: body.id, event: "syncFailed", status: "succeeded", attempts: 2, responseStatus: 204, error: null, body: received[1]!.body } }] } } }] });

    // Redelivery: same body, a fresh signature; another org cannot, a viewer cannot read the log.
    expect(codes(await gql(server.url, other, `mutation { redeliverWebhook(id: "${body.id}") { id } }`))).toEqual(["NOT_FOUND"]);
    expect(codes(await gql(server.url, viewer, DELIVERIES))).toEqual(["FORBIDDEN"]);
    expect(codes(await gql(server.url, admin, `mutation { redeliverWebhook(id: "${body.id}") { status } }`))).toEqual([]);
    await until(() => received.length === 3);
    expect([received[2]!.body, verify(secret, String(received[2]!.headers["liftgate-signature"]), received[2]!.body)]).toEqual([received[1]!.body, true]);
  });

  it("refuses plain http to other hosts and unknown events", async () => {
    expect(codes(await gql(server.url, admin, CREATE, { url: "http://hooks.example.com/x", events: ["syncFailed"] }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, admin, CREATE, { url: "https://hooks.example.com/x", events: [] }))).toEqual(["BAD_USER_INPUT"]);
    // The connectors' SSRF guard: private and link-local addresses are refused (cloud metadata).
    expect(codes(await gql(server.url, admin, CREATE, { url: "https://169.254.169.254/latest", events: ["syncFailed"] }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, admin, CREATE, { url: "https://10.0.0.5/hook", events: ["syncFailed"] }))).toEqual(["BAD_USER_INPUT"]);
    expect(codes(await gql(server.url, viewer, CREATE, { url: "https://hooks.example.com/x", events: ["syncFailed"] }))).toEqual(["FORBIDDEN"]);
  });
});

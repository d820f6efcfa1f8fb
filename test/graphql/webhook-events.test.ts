import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// A receiver as a Stripe- or GitHub-style webhook consumer writes one: keep the raw body, split the
// Liftgate-Signature header "t=<unix seconds>,v1=<hex>", recompute HMAC-SHA256 over "<t>.<raw body>" with
// the endpoint's secret, compare in constant time, and refuse timestamps older than five minutes.
const received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const receiver = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (d: string) => (body += d));
  req.on("end", () => {
    received.push({ path: req.url!, headers: req.headers, body });
    res.writeHead(204).end();
  });
});
function signatureValid(secret: string, header: string | string[] | undefined, rawBody: string): boolean {
  const fields = new Map(String(header).split(",").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] as const));
  const t = Number(fields.get("t"));
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`, "utf8").digest();
  const given = Buffer.from(fields.get("v1") ?? "", "hex");
  return Number.isInteger(t) && Math.abs(Date.now() / 1000 - t) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
}

const TOKEN = `tok_${randomBytes(12).toString("hex")}`;
let server: TestServer;
let expired: JsonHttpEmulator;
let euros: JsonHttpEmulator;
let admin: string;
let orgId: string;
let otherOrgSecret: string;
let base: string;

const CREATE = `mutation($url: String!, $events: [WebhookEventType!]!, $q: Float) { createWebhookEndpoint(url: $url, events: $events, qualityThreshold: $q) { secret webhookEndpoint { id events qualityThreshold } } }`;
async function endpoint(key: string, path: string, events: string[], qualityThreshold?: number) {
  const r = await gql(server.url, key, CREATE, { url: `${base}${path}`, events, q: qualityThreshold });
  expect(codes(r)).toEqual([]);
  return r.data!.createWebhookEndpoint.secret as string;
}
const at = (path: string) => received.filter((r) => r.path === path);
async function deliveriesAt(path: string, n: number) {
  for (const end = Date.now() + 30_000; at(path).length < n; ) {
    if (Date.now() > end) throw new Error(`${path}: ${at(path).length} of ${n} deliveries arrived`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return at(path);
}
async function analyse(name: string) {
  const c = await gql(server.url, admin, `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id } }`,
    { i: { name, type: "ab", primaryMetric: "orders", metricType: "binary", variants: [{ name: "control" }, { name: "banner" }] } });
  const experimentId = c.data!.createExperiment.id as string;
  await gql(server.url, admin, `mutation($id: ID!, $d: ExperimentDataInput!) { uploadExperimentData(experimentId: $id, input: $d) { aggregates } }`,
    { id: experimentId, d: { aggregates: [{ variant: "control", n: 1000, sum: 100, sumSquares: 100 }, { variant: "banner", n: 1000, sum: 130, sumSquares: 130 }] } });
  const an = await gql(server.url, admin, `mutation($id: ID!) { analyzeExperiment(experimentId: $id) { id createdAt } }`, { id: experimentId });
  return { experimentId, analysis: an.data!.analyzeExperiment as { id: string; createdAt: string } };
}
async function sync(connectionId: string) {
  const r = await gql(server.url, admin, `mutation($i: StartSyncInput!) { startSync(input: $i) { id } }`, { i: { connectionId, range: { start: "2024-03-01", end: "2024-03-07" } } });
  const runId = r.data!.startSync.id as string;
  await (await syncEngineOf(server.app)).wait(runId);
  return runId;
}
async function connection(emu: JsonHttpEmulator, name: string) {
  const r = await gql(server.url, admin, `mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id } }`, { input: { pluginId: "json-http", name, config: emu.config } });
  expect(codes(r)).toEqual([]);
  return r.data!.createConnection.id as string;
}

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  expired = await startJsonHttpEmulator({ token: TOKEN, campaigns: 1, adsPerCampaign: 1 });
  euros = await startJsonHttpEmulator({ token: TOKEN, campaigns: 1, adsPerCampaign: 2, currency: "EUR" });
  server = await startTestServer({ LIFTGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex") });
  const org = await server.createOrg("Events");
  orgId = org.orgId;
  admin = await org.key("admin");
  // Another org listening to everything must hear nothing of this one.
  otherOrgSecret = await endpoint(await (await server.createOrg("Elsewhere")).key("admin"), "/other", ["syncSucceeded", "syncFailed", "connectionReauthorizationRequired", "qualityBelowThreshold", "experimentAnalysed", "modelReady", "modelFailed"], 1);
});
afterAll(async () => {
  await (await syncEngineOf(server.app)).shutdown();
  await server.close();
  await Promise.all([expired.close(), euros.close()]);
  receiver.close();
});

describe("webhook events", () => {
  it("sends connection.reauthorization_required, signed, when a sync is refused an expired token, and only to endpoints subscribed to it", async () => {
    const secret = await endpoint(admin, "/reauth", ["connectionReauthorizationRequired"]);
    const failures = await endpoint(admin, "/failures", ["syncFailed"]);
    const connectionId = await connection(expired, "Reports EU");
    expired.set({ faults: { expiredToken: true } });
    const runId = await sync(connectionId);
    const [hook] = await deliveriesAt("/reauth", 1);
    const [failed] = await deliveriesAt("/failures", 1);
    expect([signatureValid(secret, hook!.headers["liftgate-signature"], hook!.body), signatureValid(failures, hook!.headers["liftgate-signature"], hook!.body)]).toEqual([true, false]);
    expect([hook!.headers["liftgate-event"], JSON.parse(failed!.body).type]).toEqual(["connection.reauthorization_required", "sync.failed"]);
    const run = (await gql(server.url, admin, `query($id: ID!, $c: ID!) { syncRun(id: $id) { error } connection(id: $c) { status } }`, { id: runId, c: connectionId })).data!;
    expect(run.connection.status).toBe("needs_reauth");
    expect(run.syncRun.error).toContain("Re-authorize the connection");
    expect(JSON.parse(hook!.body)).toEqual({
      id: hook!.headers["liftgate-delivery"], type: "connection.reauthorization_required", createdAt: expect.any(String), organization: { id: orgId, slug: "events-1" },
      data: { connectionId, connectionName: "Reports EU", pluginId: "json-http", runId, error: run.syncRun.error, failedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) },
    });
    expect(hook!.body).not.toContain(TOKEN);
  });

  it("sends quality.below_threshold to endpoints whose threshold the run's quality score is under, with the failing rules", async () => {
    const secret = await endpoint(admin, "/quality-strict", ["qualityBelowThreshold"], 0.99);
    await endpoint(admin, "/quality-lenient", ["qualityBelowThreshold"], 0.05);
    // Euro spend in a dollar org with no EUR rates: every fact fails missing_exchange_rate.
    const connectionId = await connection(euros, "Euro shop");
    const runId = await sync(connectionId);
    const [hook] = await deliveriesAt("/quality-strict", 1);
    expect(signatureValid(secret, hook!.headers["liftgate-signature"], hook!.body)).toBe(true);
    const { syncRun } = (await gql(server.url, admin, `query($id: ID!) { syncRun(id: $id) { recordsWritten qualityReport { score } } }`, { id: runId })).data!;
    expect(syncRun.recordsWritten).toBe(14);
    const { data } = JSON.parse(hook!.body);
    expect(data).toEqual({
      runId, connectionId, connectionName: "Euro shop", score: syncRun.qualityReport.score, threshold: 0.99, dateRange: { from: "2024-03-01", to: "2024-03-07" },
      failedRules: [expect.objectContaining({ rule: "missing_exchange_rate", severity: "error", checked: 14, failed: 14, score: 0 })],
    });
    expect(data.score).toBeLessThan(0.99);
    expect(data.score).toBeGreaterThan(0.05);
    expect(at("/quality-lenient")).toEqual([]);
  });

  it("sends experiment.analysed with the stored analysis", async () => {
    const secret = await endpoint(admin, "/experiments", ["experimentAnalysed"]);
    const { experimentId, analysis } = await analyse("Banner");
    const [hook] = await deliveriesAt("/experiments", 1);
    expect(signatureValid(secret, hook!.headers["liftgate-signature"], hook!.body)).toBe(true);
    const { type, data } = JSON.parse(hook!.body);
    expect({ type, ...data, result: undefined }).toEqual({
      type: "experiment.analysed", experimentId, experimentName: "Banner", experimentType: "ab", analysisId: analysis.id,
      metric: "orders", method: "proportions", result: undefined, analysedAt: analysis.createdAt,
    });
    // Two-proportion z-test of 130/1000 against 100/1000 (two-sided p of z = 2.1029).
    expect(data.result.control).toBe("control");
    expect(data.result.comparisons[0].pValue).toBeCloseTo(0.0354884504, 8);
  });

  it("sends model.failed when training fails and model.ready with the fit when it ends", async () => {
    const secret = await endpoint(admin, "/models", ["modelReady", "modelFailed"]);
    const train = (name: string) => gql(server.url, admin, `mutation($n: String!) { trainAttributionModel(input: { name: $n, type: mta, methods: [markov] }) { id } }`, { n: name });
    // No touchpoints yet: nothing converted, training fails.
    const failedId = (await train("too early")).data!.trainAttributionModel.id;
    const [failed] = await deliveriesAt("/models", 1);
    const csv = "journey_id,occurred_at,kind,channel,value\nj1,2024-01-01T10:00:00Z,touch,search,\nj1,2024-01-02T10:00:00Z,conversion,,100\nj2,2024-01-03T10:00:00Z,touch,social,\nj2,2024-01-05T10:00:00Z,touch,search,\nj2,2024-01-05T11:00:00Z,conversion,,50\nj3,2024-01-06T10:00:00Z,touch,social,\n";
    expect((await gql(server.url, admin, `mutation($csv: String) { ingestTouchpoints(csv: $csv) }`, { csv })).data!.ingestTouchpoints).toBe(6);
    const readyId = (await train("journeys")).data!.trainAttributionModel.id;
    const [, ready] = await deliveriesAt("/models", 2);
    expect([failed, ready].map((d) => signatureValid(secret, d!.headers["liftgate-signature"], d!.body))).toEqual([true, true]);
    expect(JSON.parse(failed!.body)).toMatchObject({ type: "model.failed", organization: { id: orgId } });
    expect(JSON.parse(failed!.body).data).toEqual({
      modelId: failedId, name: "too early", modelType: "mta", status: "failed", error: "No converted journeys in the window; ingest touchpoints with conversions first.", dataFrom: null, dataTo: null, fitMetrics: null,
    });
    expect(JSON.parse(ready!.body).data).toEqual({
      modelId: readyId, name: "journeys", modelType: "mta", status: "ready", error: null, dataFrom: "2024-01-01", dataTo: "2024-01-06",
      fitMetrics: { journeys: 3, conversions: 2, conversionRate: 2 / 3, value: 150 },
    });
  });

  it("delivers to each endpoint only the events it subscribed to, and nothing of this org to another org's endpoint", async () => {
    const types = (path: string) => at(path).map((d) => JSON.parse(d.body).type);
    expect(Object.fromEntries(["/reauth", "/failures", "/quality-strict", "/quality-lenient", "/experiments", "/models"].map((p) => [p, types(p)]))).toEqual({
      "/reauth": ["connection.reauthorization_required"], "/failures": ["sync.failed"], "/quality-strict": ["quality.below_threshold"], "/quality-lenient": [],
      "/experiments": ["experiment.analysed"], "/models": ["model.failed", "model.ready"],
    });
    expect(otherOrgSecret).toMatch(/^whsec_/);
    expect(at("/other")).toEqual([]);
  });
});

// The README's n8n recipe, run as n8n runs a Code node after a Webhook node with Raw Body on: the item
// holds the request's headers and parsed body in `json` and the raw bytes base64 in `binary.data`;
// `this.helpers.getBinaryDataBuffer`, `$input`, `$env` and `require` are what the Code node provides.
const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const recipe = /```js\n([\s\S]*?)\n```/.exec(README.slice(README.indexOf("<!-- webhook-recipe: n8n -->")))![1]!;
const AsyncFunction = (async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
async function runRecipe(delivery: { headers: IncomingHttpHeaders; body: string }, secret: string) {
  const item = { json: { headers: delivery.headers, params: {}, query: {}, body: JSON.parse(delivery.body) }, binary: { data: { data: Buffer.from(delivery.body, "utf8").toString("base64"), mimeType: "application/json" } } };
  const helpers = { getBinaryDataBuffer: async (i: number, name: string) => Buffer.from(([item][i]!.binary as Record<string, { data: string }>)[name]!.data, "base64") };
  const $input = { first: () => item, all: () => [item] };
  return new AsyncFunction("require", "$input", "$env", recipe).call({ helpers }, createRequire(import.meta.url), $input, { LIFTGATE_WEBHOOK_SECRET: secret });
}

describe("the README's n8n recipe", () => {
  it("passes a real delivery on and refuses a tampered body, another secret and a replay six minutes later", async () => {
    const secret = await endpoint(admin, "/n8n", ["experimentAnalysed"]);
    const { experimentId } = await analyse("Recipe");
    const [delivery] = await deliveriesAt("/n8n", 1);
    expect(await runRecipe(delivery!, secret)).toEqual([{ json: JSON.parse(delivery!.body) }]);
    expect(JSON.parse(delivery!.body)).toMatchObject({ type: "experiment.analysed", data: { experimentId } });
    await expect(runRecipe({ ...delivery!, body: delivery!.body.replace("Recipe", "Recipf") }, secret)).rejects.toThrow("signature does not match");
    await expect(runRecipe(delivery!, "whsec_not-this-endpoints-secret")).rejects.toThrow("signature does not match");
    await expect(runRecipe({ ...delivery!, headers: { ...delivery!.headers, "liftgate-signature": undefined } }, secret)).rejects.toThrow("timestamp missing");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60_000);
      await expect(runRecipe(delivery!, secret)).rejects.toThrow("older than 5 minutes");
    } finally {
      vi.useRealTimers();
    }
  });
});

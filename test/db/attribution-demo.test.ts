import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { and, eq, inArray } from "drizzle-orm";
import { memoryItems, type AttributionModelRow, type AttributionResultRow } from "../../src/db/tables/index.js";
import { bootstrapDemo, type Demo } from "../../src/demo/bootstrap-demo.js";
import { DEMO_MODEL_NAME, demoGeoTests } from "../../src/demo/demo-experiments.js";
import { DEMO_SIZE } from "../../src/demo/demo-world.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { createLogger } from "../../src/logger.js";
import { builtinPlugins, createPluginRegistry } from "../../src/plugins/registry.js";
import { createWorld, type WorldTruth } from "../../src/plugins/sandbox/world.js";
import { createSyncEngine } from "../../src/sync/sync-engine.js";
import { secretBoxOf } from "../../src/sync/secret-box.js";
import { loadMmmData } from "../../src/analytics/attribution/mmm-data.js";
import { getAttributionModel, listAttributionResults, trainAttributionModel } from "../../src/analytics/attribution/model-service.js";
import { getExperiment, listAnalyses } from "../../src/analytics/experiments/experiment-service.js";
import { createTestDatabase } from "../helpers/db.js";

// End to end on the demo organization, as `npm start` builds it: a year of the sandbox world (seed
// 20250901) synced through the four connectors and their emulators, the store's revenue by state, three
// four-week go-dark geo holdouts (TikTok, Google Ads, Meta) analysed by synthetic control, and the MMM
// trained on the stored facts and calibrated by those experiments. How closely it all recovers the
// world's known causal process (measured on this window):
// - experiments: each holdout's lost revenue within 10 % of the truth (TikTok −7.5 %, Google Ads −2.6 %, Meta −1.5 %);
// - calibrated MMM (the experiments as priors, posterior mode): each paid channel's ROAS within 15 %, the issue's
//   goal (meta 2.72 vs 2.80, −2.6 %; google_ads 1.99 vs 2.06, −3.1 %; tiktok 1.73 vs 1.97, −12.0 %, following its
//   holdout, which itself measured 7.5 % low), the truth inside every 90 % interval (widths 0.54, 0.48, 0.53);
// - the same MMM without the experiments: meta 2.85 (+2 %), google_ads 2.39 (+16 %), tiktok 1.62 (−18 %), with
//   90 % intervals 2.5 to 5.1 times as wide (1.66, 2.24, 2.70).
const start = "2024-11-20", end = "2025-11-19";
const worldOptions = { seed: 20250901, start, end, size: DEMO_SIZE, geoTests: demoGeoTests(start, 365) };
let database: Database;
let dataDir: string;
let demo: Demo;
let scope: OrgScope;
let app: App;
let truth: WorldTruth;
let model: AttributionModelRow;
let results: AttributionResultRow[];

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), "liftgate-demo-mmm-"));
  app = { config: loadConfig({ LIFTGATE_DATA_DIR: dataDir, LOG_LEVEL: "silent", PORT: "4999" }), database, logger: createLogger("silent"), events: createEventBus(), jobs: createLocalJobQueue(() => {}) };
  const registry = createPluginRegistry(Object.values(builtinPlugins));
  const engine = createSyncEngine({ database, logger: app.logger, events: app.events, registry, box: secretBoxOf(app), workerId: "test:1" });
  demo = await bootstrapDemo(app, { worldOptions, engine, registry });
  scope = orgScope(database, demo.orgId);
  truth = createWorld(worldOptions).truth();
  const modelId = await demo.waitForModel();
  model = await getAttributionModel(scope, modelId!);
  results = await listAttributionResults(scope, model.id, "mmm");
}, 900_000);
afterAll(async () => {
  await demo?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the demo organization's geo experiments", () => {
  it("records each of the world's holdouts as a completed geo experiment on its channel, with the spend it moved", async () => {
    expect(demo.experimentIds).toHaveLength(3);
    const exps = await Promise.all(demo.experimentIds.map((id) => getExperiment(scope, id)));
    expect(exps.map((e) => [e.type, e.status, e.treatment.channel, e.startDate, e.endDate, e.treatedGeos])).toEqual(
      truth.geoTests.map((t) => ["geo", "completed", t.channel, t.start, t.end, t.regions]));
    expect(exps.map((e) => e.treatment.spendChange)).toEqual(truth.geoTests.map((t) => t.spendChangeUsd));
    // Search memory knows them (and the model), as it knows analyses made over GraphQL.
    const items = await database.db.select({ refKey: memoryItems.refKey }).from(memoryItems).where(and(eq(memoryItems.orgId, demo.orgId), inArray(memoryItems.kind, ["experiment", "model"])));
    expect(items.map((i) => i.refKey).sort()).toEqual([...demo.experimentIds.map((id) => `experiment:${id}`), `model:${model.id}`].sort());
  });
  it("measures each holdout's lost revenue within 10 % of the truth, significant, with an iROAS within 10 % of the true one", async () => {
    for (const [i, id] of demo.experimentIds.entries()) {
      const t = truth.geoTests[i]!;
      const [analysis] = await listAnalyses(scope, id);
      const r = analysis!.result as { incremental: number; pValue: number; iroas: number; preFit: { r2: number } };
      expect(analysis!.method).toBe("synthetic_control");
      expect(Math.abs(r.incremental / t.incrementalRevenue - 1)).toBeLessThan(0.1);
      expect(r.pValue).toBeLessThan(0.05);
      expect(Math.abs(r.iroas / (t.incrementalRevenue / t.spendChangeUsd) - 1)).toBeLessThan(0.1);
      expect(r.preFit.r2).toBeGreaterThan(0.8);
    }
  });
});

describe("the demo organization's MMM, calibrated by its experiments", () => {
  it("models the world's paid spend in USD, e-mail as an organic channel, and the store's true revenue", async () => {
    const data = await loadMmmData(scope, { from: start, to: end, outcome: "revenue", calibration: [], calibrationExperimentIds: demo.experimentIds });
    expect(data.dropped).toEqual([]);
    expect(data.organic).toEqual(["klaviyo"]);
    const paid = data.input.channels.filter((c) => !c.organic);
    expect(Object.fromEntries(paid.map((c) => [c.name, Math.round(c.spend.reduce((a, b) => a + b, 0) * 100) / 100])))
      .toEqual({ google_ads: truth.channels.google_ads.spendUsd, meta: truth.channels.meta.spendUsd, tiktok: truth.channels.tiktok.spendUsd });
    expect(data.input.outcome.reduce((a, b) => a + b, 0)).toBeCloseTo(truth.totals.revenue, 2);
    // Each experiment becomes a replayable design: the treated share recovered from the spend it moved.
    expect(data.input.calibration!.map((c) => [c.channel, c.design!.spendMultiplier])).toEqual(truth.geoTests.map((t) => [t.channel, 0]));
    data.input.calibration!.forEach((c, i) => expect(c.design!.treatedShare).toBeCloseTo(truth.geoTests[i]!.treatedShare, 4));
  });
  it("trains in the background once the syncs end, and recovers each paid channel's true ROAS within 15 % (the issue's goal), inside its 90 % interval", () => {
    expect(model).toMatchObject({ name: DEMO_MODEL_NAME, status: "ready", dataFrom: start, dataTo: end });
    expect(results.map((r) => r.channel).sort()).toEqual(["google_ads", "klaviyo", "meta", "tiktok"]);
    for (const r of results.filter((x) => x.channel !== "klaviyo")) {
      const trueRoas = truth.channels[r.channel as "meta"].roas!;
      expect(Math.abs(r.roas! / trueRoas - 1)).toBeLessThan(0.15);
      expect(trueRoas).toBeGreaterThanOrEqual(r.roasLow!);
      expect(trueRoas).toBeLessThanOrEqual(r.roasHigh!);
    }
    expect(results.find((r) => r.channel === "klaviyo")).toMatchObject({ roas: null, spend: null, details: { organic: true } });
  });
  it("without the experiments is less accurate and far less sure: a larger worst error and intervals over twice as wide", async () => {
    const run = await trainAttributionModel(scope, app.events, { name: "uncalibrated", type: "mmm", from: start, to: end, mmm: { bootstrap: 100 } });
    await run.done;
    const plain = await listAttributionResults(scope, run.model.id, "mmm");
    const paid = (rs: AttributionResultRow[]) => rs.filter((r) => r.channel !== "klaviyo").sort((x, y) => x.channel.localeCompare(y.channel));
    const worst = (rs: AttributionResultRow[]) => Math.max(...paid(rs).map((r) => Math.abs(r.roas! / truth.channels[r.channel as "meta"].roas! - 1)));
    expect(worst(plain)).toBeGreaterThan(worst(results));
    paid(results).forEach((r, i) => {
      const p = paid(plain)[i]!;
      expect(r.channel).toBe(p.channel);
      expect(r.roasHigh! - r.roasLow!).toBeLessThan(0.5 * (p.roasHigh! - p.roasLow!));
    });
  }, 300_000);
});

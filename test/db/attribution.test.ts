import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MmmModel } from "../../src/analytics/attribution/mmm/types.js";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { upsertFacts, type FactRow } from "../../src/db/facts.js";
import { createEventBus } from "../../src/events.js";
import { ingestTouchpoints, loadJourneys, touchpointsFromCsv } from "../../src/analytics/attribution/touchpoint-service.js";
import { getAttributionModel, listAttributionResults, pageAttributionModels, readyMmm, trainAttributionModel } from "../../src/analytics/attribution/model-service.js";
import { optimizeBudget } from "../../src/analytics/attribution/mmm/optimize-budget.js";
import { generateWorld } from "../unit/attribution/mmm-world.js";
import { createExperiment } from "../../src/analytics/experiments/experiment-service.js";
import { uploadExperimentData } from "../../src/analytics/experiments/experiment-data.js";
import { analyzeExperiment } from "../../src/analytics/experiments/experiment-analysis.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let scope: OrgScope;
let other: OrgScope;
const events = createEventBus();

beforeAll(async () => {
  database = await createTestDatabase();
  const [a, b] = await database.db.insert(organizations).values([{ name: "A", slug: "attr-a", country: "US" }, { name: "B", slug: "attr-b" }]).returning({ id: organizations.id });
  scope = orgScope(database, a!.id);
  other = orgScope(database, b!.id);
});
afterAll(() => database.close());

// J1: A → B → C converts for 100; J2: B converts for 50; J3: A, no conversion (as in test/unit/attribution/mta.test.ts).
const csv = `journey_id,occurred_at,kind,url,channel,value
j1,2024-01-01T10:00:00Z,touch,https://shop.example/?utm_source=A&utm_campaign=c1,,
j1,2024-01-08T10:00:00Z,touch,,B,
j1,2024-01-15T10:00:00Z,touch,https://shop.example/?utm_source=C,,
j1,2024-01-15T11:00:00Z,conversion,,,100
j1,2024-01-16T11:00:00Z,touch,,B,
j2,2024-01-02T10:00:00Z,touch,,B,
j2,2024-01-02T12:00:00Z,conversion,,,50
j3,2024-01-03T10:00:00Z,touch,https://shop.example/?utm_source=a,,
`;

describe("touchpoints and multi-touch attribution", () => {
  it("ingests a CSV idempotently, parsing UTM sources into channels and dropping touches after the conversion", async () => {
    expect(await ingestTouchpoints(scope, touchpointsFromCsv(csv))).toBe(8);
    await ingestTouchpoints(scope, touchpointsFromCsv(csv));
    const journeys = await loadJourneys(scope);
    expect(journeys.map((j) => [j.id, j.touches.map((t) => t.channel), j.converted, j.value])).toEqual([
      ["j1", ["a", "B", "c"], true, 100], ["j2", ["B"], true, 50], ["j3", ["a"], false, 0],
    ]);
    expect(journeys[0]!.touches[0]!.campaign).toBe("c1");
    expect(await loadJourneys(other)).toEqual([]);
  });
  it("trains every method in the background and stores exact Markov and Shapley credits", async () => {
    const seen: number[] = [];
    const sub = events.subscribe("TRAINING_PROGRESS");
    const { model, done } = await trainAttributionModel(scope, events, { name: "journeys", type: "mta" });
    expect(model.status).toBe("queued");
    const reader = (async () => { for await (const e of sub) { seen.push(e.progress as number); if (e.status !== "training") break; } })();
    await done;
    await reader;
    expect(seen.at(-1)).toBe(1);
    const row = await getAttributionModel(scope, model.id);
    expect([row.status, row.dataFrom, row.dataTo]).toEqual(["ready", "2024-01-01", "2024-01-15"]);
    expect(row.fitMetrics).toEqual({ journeys: 3, conversions: 2, conversionRate: 2 / 3, value: 150 });
    const markov = await listAttributionResults(scope, model.id, "markov");
    expect(markov.map((r) => [r.channel, Number(r.value.toFixed(9)), r.details.removalEffect])).toEqual([["B", 75, 1], ["a", 37.5, 0.5], ["c", 37.5, 0.5]]);
    const shapley = await listAttributionResults(scope, model.id, "shapley");
    expect(shapley.map((r) => [r.channel, Number(r.value.toFixed(9)), r.details.errorBound])).toEqual([["B", Number((100 / 3 + 50).toFixed(9)), 0], ["a", Number((100 / 3).toFixed(9)), 0], ["c", Number((100 / 3).toFixed(9)), 0]]);
    expect((await listAttributionResults(scope, model.id)).length).toBe(7 * 3 - 2); // first/last touch credit two channels each
    expect((await pageAttributionModels(other, {}, { first: 50 })).nodes).toEqual([]);
  });
  it("rejects a touch without a URL or channel, naming it", async () => {
    await expect(ingestTouchpoints(scope, [{ journeyId: "x", occurredAt: "2024-01-01T00:00:00Z" }])).rejects.toThrow("Touchpoint 1 needs a url with UTM parameters or a channel.");
  });
});

describe("marketing mix model from facts", () => {
  it("fits on media spend and the business's outcome facts (not platform claims), then optimises a budget", async () => {
    const world = generateWorld(400, 11);
    const media: FactRow[] = world.input.channels.flatMap((c) => c.spend.map((s, t) => ({ platform: c.name, stream: "daily", level: "account" as const, accountId: `acct-${c.name}`, date: world.input.dates[t]!, currency: "USD", spend: s.toFixed(2),
      revenue: (s * 10).toFixed(2) }))); // platform-claimed revenue: 10× spend, must be ignored
    await upsertFacts(database.db, scope.orgId, "ads", media);
    await upsertFacts(database.db, scope.orgId, "shop", world.input.outcome.map((y, t) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: world.input.dates[t]!, currency: "USD", revenue: y.toFixed(2) })));
    const { model, done } = await trainAttributionModel(scope, events, { name: "mmm", type: "mmm", from: world.input.dates[0]!, to: world.input.dates[399]!, mmm: { bootstrap: 40 } });
    await done;
    const row = await getAttributionModel(scope, model.id);
    expect(row.status).toBe("ready");
    expect(row.error).toBeNull();
    expect((row.fitMetrics as any).r2).toBeGreaterThan(0.9);
    const results = await listAttributionResults(scope, model.id, "mmm");
    expect(results.map((r) => r.channel).sort()).toEqual(["search", "social", "tv"]);
    for (const r of results) expect(Math.abs(r.roas! / world.trueRoas[r.channel]! - 1)).toBeLessThan(0.3);
    const plan = optimizeBudget(await readyMmm(scope, model.id), 3000);
    expect(plan.allocation.reduce((s, a) => s + a.perPeriod, 0)).toBeCloseTo(3000, 6);
    await expect(readyMmm(other, model.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
  it("stops training at the next progress report when its signal aborts, as a failed model that says why", async () => {
    const world = generateWorld(400, 11);
    const stop = new AbortController();
    stop.abort();
    const { model, done } = await trainAttributionModel(scope, events, { name: "stopped", type: "mmm", from: world.input.dates[0]!, to: world.input.dates[399]!, mmm: { bootstrap: 10 } }, undefined, stop.signal);
    await done;
    expect(await getAttributionModel(scope, model.id)).toMatchObject({ status: "failed", error: "Training was stopped because the server shut down; train the model again." });
    expect(await listAttributionResults(scope, model.id)).toEqual([]);
  });
  it("calibrates a channel with an experiment's latest geo analysis and records it in the config", async () => {
    const from = "2022-01-03", to = "2023-02-06";
    const exp = await createExperiment(scope, { name: "tv holdout", type: "geo", primaryMetric: "y", treatedGeos: ["t"], startDate: "2022-03-01", endDate: "2022-03-02", treatment: { channel: "tv" } });
    await uploadExperimentData(scope, exp.id, { geoRows: ["2022-02-27", "2022-02-28", "2022-03-01", "2022-03-02"].flatMap((date, i) => [{ geo: "t", date, value: 10 + i + (i >= 2 ? 5 : 0) }, { geo: "c", date, value: 20 + i }, { geo: "d", date, value: 30 + i }]) });
    await analyzeExperiment(scope, exp.id, { geoMethod: "did" });
    const { model, done } = await trainAttributionModel(scope, events, { name: "calibrated", type: "mmm", from, to, mmm: { bootstrap: 10, passes: 1 }, calibrationExperimentIds: [exp.id] });
    await done;
    const row = await getAttributionModel(scope, model.id);
    expect(row.status).toBe("ready");
    expect(row.config).toMatchObject({ calibrationExperimentIds: [exp.id] });
    // The experiment measured 10 extra over 2 days (DiD exact, pre-fit RMSE 0 → a tight constraint): the tv contribution in the window is pulled to it.
    const state = row.state as any;
    const inWindow = state.decomposition.filter((d: any) => d.date >= "2022-03-01" && d.date <= "2022-03-02").reduce((s: number, d: any) => s + d.channels.tv, 0);
    expect(inWindow).toBeCloseTo(10, 0);
  });
  it("refuses calibration with an experiment that names no channel", async () => {
    const exp = await createExperiment(scope, { name: "no channel", type: "geo", primaryMetric: "y", treatedGeos: ["t"] });
    const { model, done } = await trainAttributionModel(scope, events, { name: "bad", type: "mmm", from: "2022-01-03", to: "2023-02-06", calibrationExperimentIds: [exp.id] });
    await done;
    expect((await getAttributionModel(scope, model.id)).error).toBe('Experiment "no channel" does not name the channel it tested; set treatment.channel to calibrate with it.');
  });
  it("fails with a clear error when there are no outcome facts in the window", async () => {
    const { model, done } = await trainAttributionModel(scope, events, { name: "empty", type: "mmm", from: "2030-01-01", to: "2030-03-01" });
    await done;
    const row = await getAttributionModel(scope, model.id);
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/^No revenue in outcome facts between 2030-01-01 and 2030-03-01/);
    await expect(readyMmm(scope, model.id)).rejects.toMatchObject({ code: "CONFLICT" });
  });
  it("fits weekly facts (mmm_example.csv, one row per Monday) as 179 weeks, refuses a daily model on them, and says so", async () => {
    const [c] = await database.db.insert(organizations).values({ name: "Weekly", slug: "attr-weekly" }).returning({ id: organizations.id });
    const weekly = orgScope(database, c!.id);
    const lines = readFileSync(new URL("../../../shared/datasets/mmm_example.csv", import.meta.url), "utf8").trim().split("\n");
    const head = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [head[i]!, v])));
    await upsertFacts(database.db, weekly.orgId, "ads", rows.flatMap((r) => ["x1", "x2"].map((x) => ({ platform: x, stream: "weekly", level: "account" as const, accountId: `acct-${x}`, date: r.date_week!, currency: "USD", spend: Number(r[x]).toFixed(6) }))));
    await upsertFacts(database.db, weekly.orgId, "shop", rows.map((r) => ({ platform: "shop", stream: "orders", kind: "outcome" as const, level: "account" as const, date: r.date_week!, currency: "USD", revenue: Number(r.y).toFixed(6) })));
    const train = async (mmm: Record<string, unknown>) => {
      const { model, done } = await trainAttributionModel(weekly, events, { name: "weekly", type: "mmm", from: "2018-04-02", to: "2021-09-05", mmm: { bootstrap: 10, passes: 1, ...mmm } });
      await done;
      return getAttributionModel(weekly, model.id);
    };
    const row = await train({});
    expect(row.status).toBe("ready");
    const state = row.state as unknown as MmmModel;
    expect([state.grain, state.window]).toEqual(["week", { from: "2018-04-02", to: "2021-08-30", periods: 179 }]);
    expect(Object.keys(state.controls).filter((k) => k.startsWith("weekday"))).toEqual([]);
    const daily = await train({ grain: "day" });
    expect([daily.status, daily.error]).toEqual(["failed", 'A daily model cannot be fitted on these facts: revenue is weekly (on Mondays). Use grain "week", or load daily facts.']);
  });
});

import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { organizations } from "../../src/db/tables/index.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { createExperiment, deleteExperiment, getExperiment, listAnalyses, listExperiments, updateExperiment } from "../../src/analytics/experiments/experiment-service.js";
import { uploadExperimentData } from "../../src/analytics/experiments/experiment-data.js";
import { analyzeExperiment } from "../../src/analytics/experiments/experiment-analysis.js";
import { upsertFacts } from "../../src/db/facts.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let scope: OrgScope;
let other: OrgScope;

beforeAll(async () => {
  database = await createTestDatabase();
  const [a, b] = await database.db.insert(organizations).values([{ name: "A", slug: "exp-a" }, { name: "B", slug: "exp-b" }]).returning({ id: organizations.id });
  scope = orgScope(database, a!.id);
  other = orgScope(database, b!.id);
});
afterAll(() => database.close());

const abInput = { name: "Checkout button", type: "ab" as const, primaryMetric: "revenue_per_user", variants: [{ name: "control" }, { name: "green", weight: 1 }] };

describe("experiments CRUD", () => {
  it("creates with the first variant as control and default status draft", async () => {
    const e = await createExperiment(scope, abInput);
    expect(e.status).toBe("draft");
    expect(e.variants).toEqual([{ name: "control", weight: 1, control: true }, { name: "green", weight: 1, control: false }]);
    expect(e.alpha).toBe(0.05);
  });
  it("updates status and dates and rejects an end before the start", async () => {
    const e = await createExperiment(scope, abInput);
    const u = await updateExperiment(scope, e.id, { status: "running", startDate: "2024-03-01", endDate: "2024-03-31", plannedMde: 0.5, plannedPower: 0.8 });
    expect([u.status, u.startDate, u.endDate, u.plannedMde, u.plannedPower]).toEqual(["running", "2024-03-01", "2024-03-31", 0.5, 0.8]);
    await expect(updateExperiment(scope, e.id, { endDate: "2024-02-01" })).rejects.toThrow("startDate 2024-03-01 is after endDate 2024-02-01.");
  });
  it("rejects an A/B test with one variant and a geo test without treated geos", async () => {
    await expect(createExperiment(scope, { ...abInput, variants: [{ name: "only" }] })).rejects.toMatchObject({ code: "BAD_USER_INPUT", message: "An A/B or holdout test needs at least two variants." });
    await expect(createExperiment(scope, { name: "g", type: "geo", primaryMetric: "y" })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
  it("never shows one org's experiments to another", async () => {
    const e = await createExperiment(scope, abInput);
    await expect(getExperiment(other, e.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await listExperiments(other)).length).toBe(0);
    await expect(deleteExperiment(other, e.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(uploadExperimentData(other, e.id, { aggregates: [] })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("A/B analysis persisted with method and inputs", () => {
  it("analyses uploaded unit rows with Welch (scipy: t = 1.8973666, p = 0.1075312)", async () => {
    const e = await createExperiment(scope, abInput);
    const units = [1, 2, 3, 4, 5].map((v, i) => ({ unitId: `c${i}`, variant: "control", value: v })).concat([2, 4, 6, 8, 10].map((v, i) => ({ unitId: `t${i}`, variant: "green", value: v })));
    expect(await uploadExperimentData(scope, e.id, { units })).toEqual({ aggregates: 0, units: 10, geoRows: 0 });
    const row = await analyzeExperiment(scope, e.id);
    expect(row.method).toBe("welch");
    const cmp = (row.result as any).comparisons[0];
    expect(cmp.variant).toBe("green");
    expect(cmp.absoluteLift).toBe(3);
    expect(cmp.statistic).toBeCloseTo(1.8973665961010275, 10);
    expect(cmp.pValue).toBeCloseTo(0.10753119493062728, 9);
    expect((row.inputs as any).aggregates).toEqual([{ variant: "control", n: 5, sum: 15, sumSquares: 55 }, { variant: "green", n: 5, sum: 30, sumSquares: 220 }]);
    expect((await listAnalyses(scope, e.id)).map((a) => a.id)).toEqual([row.id]);
  });
  it("analyses a binary metric from a CSV of aggregates with the two-proportion test, Bayesian chance to win and SRM", async () => {
    const e = await createExperiment(scope, { ...abInput, metricType: "binary", primaryMetric: "converted" });
    await uploadExperimentData(scope, e.id, { csv: "variant,n,sum,sum_squares\ncontrol,1000,100,100\ngreen,1000,130,130\n", csvKind: "aggregate" });
    const r = (await analyzeExperiment(scope, e.id, { sequential: true })).result as any;
    expect(r.method).toBe("proportions");
    expect(r.comparisons[0].statistic).toBeCloseTo(2.102740605622114, 10);
    expect(r.comparisons[0].bayesian.chanceToWin).toBeCloseTo(0.9821650661163506, 8);
    expect(r.comparisons[0].sequential.interval.low).toBeLessThan(r.comparisons[0].absoluteInterval.low);
    expect(r.sampleRatio.chiSquare).toBe(0);
  });
  it("replaces a variant's aggregates on re-upload instead of duplicating them", async () => {
    const e = await createExperiment(scope, abInput);
    await uploadExperimentData(scope, e.id, { aggregates: [{ variant: "control", n: 5, sum: 15, sumSquares: 55 }, { variant: "green", n: 5, sum: 30, sumSquares: 220 }] });
    await uploadExperimentData(scope, e.id, { aggregates: [{ variant: "green", n: 5, sum: 35, sumSquares: 275 }] });
    const r = (await analyzeExperiment(scope, e.id)).result as any;
    expect(r.comparisons[0].absoluteLift).toBe(4);
  });
  it("names the CSV line and column with a bad number, and unknown variants", async () => {
    const e = await createExperiment(scope, abInput);
    await expect(uploadExperimentData(scope, e.id, { csv: "variant,n,sum,sum_squares\ncontrol,abc,1,1\n", csvKind: "aggregate" })).rejects.toThrow('Line 2, column n must be a number; got "abc".');
    await expect(uploadExperimentData(scope, e.id, { aggregates: [{ variant: "blue", n: 1, sum: 1, sumSquares: 1 }] })).rejects.toThrow('Variant "blue" is not one of this experiment\'s variants (control, green).');
    await expect(analyzeExperiment(scope, e.id)).rejects.toThrow('Experiment "Checkout button" has no data for metric "revenue_per_user"');
  });
});

describe("geo analysis", () => {
  it("reproduces the GeoLift reference from an uploaded CSV panel", async () => {
    const text = readFileSync(new URL("../../../shared/datasets/GeoLift_Test.csv", import.meta.url), "utf8");
    const csv = text.replace(/^location,Y,date/, "geo,value,date");
    const e = await createExperiment(scope, { name: "GeoLift", type: "geo", primaryMetric: "Y", treatedGeos: ["chicago", "portland"], startDate: "2021-04-01", endDate: "2021-04-15", treatment: { channel: "meta" } });
    expect((await uploadExperimentData(scope, e.id, { csv, csvKind: "geo" })).geoRows).toBe(4200);
    const row = await analyzeExperiment(scope, e.id);
    const r = row.result as any;
    expect(row.method).toBe("synthetic_control");
    expect(Math.abs(r.att / 155.6 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.incremental / 4667 - 1)).toBeLessThan(0.02);
    expect(row.inputs).toMatchObject({ geos: 40, days: 105 });
    const did = (await analyzeExperiment(scope, e.id, { geoMethod: "did" })).result as any;
    expect(did.method).toBe("did");
  });
});

describe("geo panel from fact breakdowns", () => {
  it("sums outcome facts of the region breakdown set per geo and day, ignoring other breakdown sets", async () => {
    const day = (n: number) => `2024-02-${String(n).padStart(2, "0")}`;
    const rows = [1, 2, 3, 4, 5, 6].flatMap((n) => ["east", "west", "north"].map((region, g) => ({ platform: "shop", stream: "orders_by_region", kind: "outcome" as const, level: "account" as const,
      date: day(n), currency: "USD", revenue: 100 * (g + 1) + n + (region === "east" && n >= 5 ? 50 : 0), breakdowns: { region } })));
    await upsertFacts(database.db, scope.orgId, "shop", rows);
    await upsertFacts(database.db, scope.orgId, "shop", [{ platform: "shop", stream: "orders", kind: "outcome", level: "account", date: day(1), currency: "USD", revenue: 99999 }]);
    const e = await createExperiment(scope, { name: "East promo", type: "geo", primaryMetric: "revenue", treatedGeos: ["east"], startDate: day(5), endDate: day(6) });
    expect(await uploadExperimentData(scope, e.id, { fromFacts: { from: day(1), to: day(6) } })).toEqual({ aggregates: 0, units: 0, geoRows: 18 });
    const r = (await analyzeExperiment(scope, e.id, { geoMethod: "did" })).result as any;
    // east = 100 + n (+50 from day 5); controls 200 + n and 300 + n: DiD = 50 exactly.
    expect(r.att).toBeCloseTo(50, 9);
    expect(r.incremental).toBeCloseTo(100, 9);
  });
  it("says what to do when no facts carry the breakdown", async () => {
    const e = await createExperiment(scope, { name: "none", type: "geo", primaryMetric: "revenue", treatedGeos: ["x"] });
    await expect(uploadExperimentData(scope, e.id, { fromFacts: { from: "2024-02-01", to: "2024-02-06", geoField: "dma" } })).rejects.toThrow('No outcome facts broken down by "dma" between 2024-02-01 and 2024-02-06; upload geoRows instead.');
  });
});

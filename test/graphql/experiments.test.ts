import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { asType, codes, gql } from "../helpers/graphql.js";
import {
  AnalyzeExperimentDocument, CreateExperimentDocument, DeleteExperimentDocument, ExperimentDocument, ExperimentPowerDocument, ExperimentsDocument,
  UpdateExperimentDocument, UploadExperimentDataDocument, type CreateExperimentInput,
} from "../../generated/graphql.js";

let server: TestServer;
let a: { admin: string; viewer: string };
let b: { admin: string };

beforeAll(async () => {
  server = await startTestServer();
  const oa = await server.createOrg("Exp A");
  const ob = await server.createOrg("Exp B");
  a = { admin: await oa.key("admin"), viewer: await oa.key("viewer") };
  b = { admin: await ob.key("admin") };
});
afterAll(() => server.close());

const create = CreateExperimentDocument;
const abInput: CreateExperimentInput = { name: "Banner", type: "ab", primaryMetric: "orders", metricType: "binary", variants: [{ name: "control" }, { name: "banner" }], plannedMde: 0.02, plannedPower: 0.8 };

describe("experiments over GraphQL", () => {
  it("creates, uploads aggregates, analyses and reads the stored analysis back on experiment(id)", async () => {
    const c = await gql(server.url, a.admin, create, { input: abInput });
    expect(c.data!.createExperiment).toMatchObject({ type: "ab", status: "draft", metricType: "binary", alpha: 0.05, variants: [{ name: "control", weight: 1, control: true }, { name: "banner", weight: 1, control: false }] });
    const id = c.data!.createExperiment.id;
    const up = await gql(server.url, a.admin, UploadExperimentDataDocument,
      { id, data: { aggregates: [{ variant: "control", n: 1000, sum: 100, sumSquares: 100 }, { variant: "banner", n: 1000, sum: 130, sumSquares: 130 }] } });
    expect(up.data!.uploadExperimentData).toEqual({ aggregates: 2, units: 0, geoRows: 0 });
    const before = await gql(server.url, a.viewer, ExperimentDocument, { id });
    expect(before.data!.experiment.analysis).toBeNull();
    const an = asType((await gql(server.url, a.admin, AnalyzeExperimentDocument, { id })).data?.analyzeExperiment, "AbAnalysis");
    expect(an.method).toBe("proportions");
    expect(an.comparisons[0]!.pValue).toBeCloseTo(0.03548845046647471, 10);
    const read = (await gql(server.url, a.viewer, ExperimentDocument, { id })).data!.experiment;
    const analysis = asType(read.analysis, "AbAnalysis");
    expect(analysis.id).toBe(an.id);
    expect(read.analyses).toEqual({ totalCount: 1, edges: [{ node: { id: an.id } }] });
    expect(analysis.inputs.aggregates![1]).toEqual({ variant: "banner", n: 1000, sum: 130, sumSquares: 130 });
  });

  it("lets viewers read but not write (FORBIDDEN), and hides one org's experiments from another (NOT_FOUND)", async () => {
    expect(codes(await gql(server.url, a.viewer, create, { input: abInput }))).toEqual(["FORBIDDEN"]);
    const id = (await gql(server.url, a.admin, create, { input: abInput })).data!.createExperiment.id;
    expect(codes(await gql(server.url, b.admin, ExperimentDocument, { id }))).toEqual(["NOT_FOUND"]);
    expect((await gql(server.url, b.admin, ExperimentsDocument)).data!.experiments).toMatchObject({ totalCount: 0, edges: [] });
    expect(codes(await gql(server.url, b.admin, AnalyzeExperimentDocument, { id }))).toEqual(["NOT_FOUND"]);
  });

  it("answers bad input with BAD_USER_INPUT and a message saying what to fix", async () => {
    const r = await gql(server.url, a.admin, create, { input: { ...abInput, variants: [{ name: "x" }] } });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.errors![0]!.message).toBe("An A/B or holdout test needs at least two variants.");
  });

  it("records the spend a geo test moved and reports the iROAS (incremental ÷ spend change) with the DiD result", async () => {
    const geo: CreateExperimentInput = { name: "Meta holdout", type: "geo", primaryMetric: "revenue", treatedGeos: ["t"], startDate: "2024-03-03", endDate: "2024-03-04", treatment: { channel: "meta", spendChange: -5 } };
    const c = await gql(server.url, a.admin, create, { input: geo });
    expect(c.data!.createExperiment.treatment).toEqual({ channel: "meta", spendChange: -5, spendMultiplier: null });
    const id = c.data!.createExperiment.id;
    // Treated geo t loses 2 a day against controls c and d in the window: DiD ATT −2, incremental −4 over 2 days.
    const geoRows = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"].flatMap((date, i) => [
      { geo: "t", date, value: 10 + i - (i >= 2 ? 2 : 0) }, { geo: "c", date, value: 20 + i }, { geo: "d", date, value: 30 + i }]);
    await gql(server.url, a.admin, UploadExperimentDataDocument, { id, data: { geoRows } });
    const an = await gql(server.url, a.admin, AnalyzeExperimentDocument, { id, geoMethod: "did" });
    expect(an.data!.analyzeExperiment).toMatchObject({ __typename: "GeoAnalysis", att: -2, incremental: -4, spendChange: -5, iroas: 0.8 });
    const bad = await gql(server.url, a.admin, create, { input: { ...geo, treatment: { channel: "meta", spendChange: 0 } } });
    expect(codes(bad)).toEqual(["BAD_USER_INPUT"]);
    expect(bad.errors![0]!.message).toBe("treatment.spendChange must be a non-zero amount (negative when the test cut spend); leave it out if unknown.");
    const badM = await gql(server.url, a.admin, create, { input: { ...geo, treatment: { channel: "meta", spendChange: 5, spendMultiplier: 1 } } });
    expect(badM.errors![0]!.message).toBe("treatment.spendMultiplier is what the treated geos' spend was multiplied by (0 = go dark, 2 = doubled); it must be ≥ 0 and not 1.");
  });

  it("computes sample size and MDE", async () => {
    const power = async (input: { baseline: number; binary?: boolean; mde?: number; variance?: number; n?: number }) =>
      (await gql(server.url, a.viewer, ExperimentPowerDocument, { input })).data!.experimentPower;
    expect((await power({ baseline: 0.1, binary: true, mde: 0.02 })).sampleSizePerArm).toBe(3841);
    expect((await power({ baseline: 0, variance: 1, n: 62.79103787479271 })).minimumDetectableEffect).toBeCloseTo(0.5, 9);
  });

  it("updates status and deletes", async () => {
    const id = (await gql(server.url, a.admin, create, { input: abInput })).data!.createExperiment.id;
    const u = await gql(server.url, a.admin, UpdateExperimentDocument, { id, input: { status: "running", startDate: "2024-05-01" } });
    expect(u.data!.updateExperiment).toEqual({ status: "running", startDate: "2024-05-01" });
    expect((await gql(server.url, a.admin, DeleteExperimentDocument, { id })).data!.deleteExperiment).toBe(true);
    expect(codes(await gql(server.url, a.admin, ExperimentDocument, { id }))).toEqual(["NOT_FOUND"]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { gql } from "../helpers/graphql.js";

let server: TestServer;
let a: string;
let b: string;

const SEARCH = `query($q: String!) { search(query: $q, first: 5) { kind title link { type id } } }`;

beforeAll(async () => {
  server = await startTestServer();
  a = await (await server.createOrg("Results A")).key("admin");
  b = await (await server.createOrg("Results B")).key("admin");
});
afterAll(() => server.close());

async function until<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("experiment and model results in search memory", () => {
  it("finds an analysed experiment by its name with the numbers the analysis stored, in its own org only", async () => {
    const c = await gql(server.url, a, `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id } }`, {
      i: { name: "Checkout banner", type: "ab", primaryMetric: "orders", metricType: "binary", variants: [{ name: "control" }, { name: "banner" }] },
    });
    const id = c.data!.createExperiment.id;
    await gql(server.url, a, `mutation($id: ID!) { uploadExperimentData(experimentId: $id, input: { aggregates: [{ variant: "control", n: 1000, sum: 100, sumSquares: 100 }, { variant: "banner", n: 1000, sum: 130, sumSquares: 130 }] }) { aggregates } }`, { id });
    await gql(server.url, a, `mutation($id: ID!) { analyzeExperiment(experimentId: $id) { id } }`, { id });
    const hits = (await gql(server.url, a, SEARCH, { q: "checkout banner experiment" })).data!.search;
    expect(hits[0]).toEqual({ kind: "experiment", title: 'Experiment "Checkout banner"', link: { type: "experiment", id } });
    expect((await gql(server.url, b, SEARCH, { q: "checkout banner experiment" })).data!.search).toEqual([]);
  });

  it("finds a trained model once training has finished", async () => {
    await gql(server.url, a, `mutation($t: [TouchpointInput!]!) { ingestTouchpoints(touchpoints: $t) }`, {
      t: [
        { journeyId: "j1", occurredAt: "2024-01-01T10:00:00Z", channel: "email" },
        { journeyId: "j1", occurredAt: "2024-01-02T10:00:00Z", channel: "search" },
        { journeyId: "j1", occurredAt: "2024-01-02T11:00:00Z", kind: "conversion", value: 10 },
        { journeyId: "j2", occurredAt: "2024-01-01T10:00:00Z", channel: "social" },
      ],
    });
    const t = await gql(server.url, a, `mutation { trainAttributionModel(input: { name: "Journey credit", type: mta, methods: [markov] }) { id } }`);
    const id = t.data!.trainAttributionModel.id;
    const hit = await until(async () => {
      const hits = (await gql(server.url, a, SEARCH, { q: "journey credit model" })).data!.search;
      return hits.find((h: { kind: string }) => h.kind === "model");
    });
    expect(hit).toEqual({ kind: "model", title: 'Model "Journey credit"', link: { type: "model", id } });
  });
});

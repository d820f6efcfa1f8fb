import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codes, gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
const keys: Record<string, string> = {};

const IMPORT = `mutation($input: CsvImportInput!) { importCsv(input: $input) {
  duplicate rejectsUrl rejectsPreview { line reason }
  batch { id platform fileName status rowsRead rowsLoaded rowsRejected fileHash }
} }`;
const CSV = "Day;Campaign;Kosten;Klicks\n01.04.2024;Frühling;1.234,50;10\n02.04.2024;Frühling;kaputt;3\n";
const input = { platform: "csv_de", csv: CSV, fileName: "april.csv", dateFormat: "DD.MM.YYYY", decimalSeparator: ",", defaultCurrency: "EUR", columns: { spend: "Kosten", clicks: "Klicks" } };

beforeAll(async () => {
  server = await startTestServer();
  const acme = await server.createOrg("Acme");
  const other = await server.createOrg("Other");
  keys.editor = await acme.key("editor");
  keys.viewer = await acme.key("viewer");
  keys.other = await other.key("admin");
});
afterAll(() => server?.close());

describe("importCsv mutation", () => {
  let batchId: string;

  it("loads good rows with overrides and separators and returns the bad ones with line and reason", async () => {
    const r = await gql(server.url, keys.editor, IMPORT, { input });
    expect(r.errors).toBeUndefined();
    const out = r.data!.importCsv;
    batchId = out.batch.id;
    expect(out).toMatchObject({
      duplicate: false, rejectsUrl: `/imports/${batchId}/rejects.csv`,
      rejectsPreview: [{ line: 3, reason: 'spend "kaputt" is not a number (decimal separator ",", thousands separator ".")' }],
      batch: { platform: "csv_de", fileName: "april.csv", status: "loaded", rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 },
    });
    const facts = await gql(server.url, keys.viewer, `{ facts(first: 10) { edges { node { date spend clicks currency platform } } } }`);
    expect(facts.data!.facts.edges.map((e: { node: unknown }) => e.node)).toEqual([{ date: "2024-04-01", spend: "1234.500000", clicks: 10, currency: "EUR", platform: "csv_de" }]);
  });

  it("reports the same text again as a duplicate", async () => {
    const r = await gql(server.url, keys.editor, IMPORT, { input });
    expect(r.data!.importCsv).toMatchObject({ duplicate: true, batch: { id: batchId } });
  });

  it("needs an editor key", async () => {
    expect(codes(await gql(server.url, keys.viewer, IMPORT, { input }))).toEqual(["FORBIDDEN"]);
  });

  it("counts the skipped Total rows of a Google Ads report and takes Results as conversions only when asked", async () => {
    const fixture = (name: string) => readFileSync(new URL(`../fixtures/exports/${name}`, import.meta.url), "utf8");
    const Q = `mutation($input: CsvImportInput!) { importCsv(input: $input) { skippedRows batch { rowsRead rowsLoaded rowsRejected } } }`;
    const org = await server.createOrg("Exports");
    const editor = await org.key("editor");
    const google = await gql(server.url, editor, Q, { input: { platform: "google_ads", csv: fixture("google-ads-campaign-report.csv") } });
    expect(google.data!.importCsv).toEqual({ skippedRows: 4, batch: { rowsRead: 10, rowsLoaded: 6, rowsRejected: 0 } });
    const meta = await gql(server.url, editor, Q, { input: { platform: "meta_results", csv: fixture("meta-ads-manager-results-only.csv"), resultsAsConversions: true } });
    expect(meta.data!.importCsv).toEqual({ skippedRows: 0, batch: { rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 } });
    const facts = await gql(server.url, editor, `{ facts(first: 50) { edges { node { platform date conversions } } } }`);
    const nodes = facts.data!.facts.edges.map((e: { node: { platform: string } }) => e.node).filter((n: { platform: string }) => n.platform === "meta_results");
    expect(nodes.map((n: { conversions: string }) => n.conversions).sort()).toEqual(["31020.000000", "54.000000"]);
  });

  it("says what to fix when the header cannot be mapped", async () => {
    const r = await gql(server.url, keys.editor, IMPORT, { input: { platform: "meta", csv: "Wann,Kampagne,Kosten\n2024-01-01,A,1\n", defaultCurrency: "EUR" } });
    expect(codes(r)).toEqual(["BAD_USER_INPUT"]);
    expect(r.errors![0]!.message).toBe(
      'No header row found in the first 2 lines. A header needs a date column ("Date", "Day" or "Reporting starts"), a spend column ("Spend", "Amount spent" or "Cost") ' +
        'and a campaign column ("Campaign name", "Campaign" or "Campaign ID"); if yours are called otherwise, name them, e.g. --column date="<header>". The file starts:\n' +
        "  line 1: Wann,Kampagne,Kosten\n  line 2: 2024-01-01,A,1",
    );
  });

  it("lists batches per organization only", async () => {
    const mine = await gql(server.url, keys.viewer, `{ importBatches(first: 10) { totalCount edges { node { id rowsLoaded } } pageInfo { hasNextPage } } }`);
    expect(mine.data!.importBatches).toEqual({ totalCount: 1, edges: [{ node: { id: batchId, rowsLoaded: 1 } }], pageInfo: { hasNextPage: false } });
    const theirs = await gql(server.url, keys.other, `query($id: ID!) { importBatch(id: $id) { id } }`, { id: batchId });
    expect(codes(theirs)).toEqual(["NOT_FOUND"]);
  });

  it("serves the mutation's rejectsUrl on the gateway's /imports route", async () => {
    const origin = new URL(server.url).origin;
    const res = await fetch(`${origin}/imports/${batchId}/rejects.csv`, { headers: { authorization: `Bearer ${keys.viewer}` } });
    expect([res.status, await res.text()]).toEqual([200, 'line,reason,Day,Campaign,Kosten,Klicks\n3,"spend ""kaputt"" is not a number (decimal separator "","", thousands separator ""."")",02.04.2024,Frühling,kaputt,3\n']);
  });
});

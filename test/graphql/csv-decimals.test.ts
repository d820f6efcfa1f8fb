import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertFacts } from "../../src/db/facts.js";
import { csvNumber } from "../../src/server/csv-stream.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let viewer: string;

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Decimals");
  viewer = await org.key("viewer");
  // Three Meta campaigns on one day: 1234.56 + 789.12 + 0.7 is 2024.3799999999999 in doubles.
  await upsertFacts(server.app.database.db, org.orgId, "s", [
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c1", date: "2024-07-04", currency: "USD", spend: 1234.56, impressions: 100, clicks: 5, revenue: 4000.1 },
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c2", date: "2024-07-04", currency: "USD", spend: 789.12, impressions: 100, clicks: 5, revenue: 0.2 },
    { platform: "meta", stream: "c", level: "campaign", campaignId: "c3", date: "2024-07-04", currency: "USD", spend: 0.7, impressions: 100, clicks: 5 },
  ]);
});
afterAll(() => server.close());

describe("exact decimals in CSV exports", () => {
  it("writes the causal panel's summed spend and revenue as the decimals they are", async () => {
    const res = await fetch(server.url.replace(/\/graphql$/, "/export/causal-dataset.csv"), {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${viewer}` },
      body: JSON.stringify({ query: { dateRange: { from: "2024-07-04", to: "2024-07-04" }, treatments: ["spend"], calendarControls: false } }),
    });
    expect(await res.text()).toBe("date,spend_meta,conversions,revenue\n2024-07-04,2024.38,0,4000.3\n");
  });

  it("keeps integers, 15 significant digits and non-finite values as they are", () => {
    expect([29392.301600000003, 2024.3799999999999, 0.30000000000000004, 42, -0.1 - 0.2, 123456789012.34, 1e-7, NaN].map(csvNumber)).toEqual([
      "29392.3016", "2024.38", "0.3", "42", "-0.3", "123456789012.34", "1e-7", "NaN",
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { orgScope, type OrgScope } from "../../src/db/scope.js";
import { ask } from "../../src/analytics/nlq/ask.service.js";
import { runMetrics } from "../../src/analytics/metrics/metrics.service.js";
import type { MetricsQuery } from "../../src/analytics/metrics/query.js";
import { withoutUnpaidChannels } from "../../src/analytics/nlq/spend-ratios.js";
import { createTestDatabase } from "../helpers/db.js";
import { closeCompute, computeStats } from "../../src/compute/pool.js";
import { seedSandboxOrg } from "./sandbox-org-fixture.js";
import { QUESTIONS, TODAY } from "../unit/nlq/analyst-questions.js";

let database: Database;
let org: OrgScope;
let bare: OrgScope;
const MODEL = "Sandbox MMM, calibrated by the geo holdouts";

beforeAll(async () => {
  database = await createTestDatabase();
  org = orgScope(database, (await seedSandboxOrg(database, { slug: "sandbox-a" })).orgId);
  bare = orgScope(database, (await seedSandboxOrg(database, { slug: "sandbox-b", models: false, days: 7 })).orgId);
});
afterAll(async () => { await closeCompute(); await database.close(); });

// Every fourth question of the public set (the whole set runs in bench/nlq/ask-accuracy.ts): its rows are the metrics query's.
describe("ask answers the public question set on the sandbox org", () => {
  const sample = QUESTIONS.filter((_, i) => i % 4 === 0);
  it("answers with exactly the rows of the metrics query behind each question (printed: answer accuracy)", async () => {
    const wrong: string[] = [];
    for (const [q, e] of sample) {
      const r = await ask(org, q, { today: TODAY });
      let ok: boolean;
      if ("refuse" in e) ok = r.query === null && r.causal === null && !/\d+\.\d\d/.test(r.answer);
      else if ("causal" in e) ok = r.causal?.kind === e.causal.kind && r.estimates.length > 0;
      else {
        const { query } = await withoutUnpaidChannels(org, e as MetricsQuery, runMetrics);
        ok = JSON.stringify(r.rows) === JSON.stringify((await runMetrics(org, query)).rows);
      }
      if (!ok) wrong.push(q);
    }
    console.log(`ask answer accuracy (sample): ${sample.length - wrong.length}/${sample.length}${wrong.length ? `; wrong: ${wrong.join(" | ")}` : ""}`);
    expect(wrong).toEqual([]);
  });
});

describe("whole answers", () => {
  it("answers the README's first example: Meta ROAS by campaign, last month against September-style calendar months, labelled", async () => {
    const r = await ask(org, "Meta ROAS last month vs the month before by campaign", { today: TODAY });
    expect(r.query).toEqual({ measures: ["roas"], dateRange: { from: "2026-11-01", to: "2026-11-30" }, dimensions: ["campaignName"],
      filters: [{ dimension: "platform", operator: "in", values: ["meta"] }], compareTo: { type: "custom", range: { from: "2026-10-01", to: "2026-10-31" } } });
    expect(r.rows).toEqual((await runMetrics(org, r.query!)).rows);
    expect(r.rows).toHaveLength(4);
    expect(r.answer).toBe("From 2026-11-01 to 2026-11-30: Meta | OUTCOME_AWARENESS | Evergreen | 01: ROAS (platform-reported) 5.04 (vs 4.38 2026-10-01 to 2026-10-31, +15.0%); " +
      "Meta | OUTCOME_AWARENESS | Evergreen | 02: ROAS (platform-reported) 4.77 (vs 4.48 2026-10-01 to 2026-10-31, +6.6%); " +
      "Meta | OUTCOME_AWARENESS | Holiday Gifts | 03: ROAS (platform-reported) 5.27 (vs 4.66 2026-10-01 to 2026-10-31, +13.2%); " +
      "Meta | OUTCOME_SALES | Lookalike | 01: ROAS (platform-reported) 4.60 (vs 4.75 2026-10-01 to 2026-10-31, -3.2%). " +
      `ROAS here is what the platforms report; the model "${MODEL}" (data to 2026-12-02) puts incremental ROAS at meta 1.80 (90 %: 1.44–2.16).`);
  });

  it("answers the README's second example without the e-mail channel, and says so", async () => {
    const r = await ask(org, "which channel had the best CPA in Q3 2026?", { today: TODAY });
    expect(r.leftOut).toEqual(["klaviyo"]);
    expect(r.rows).toEqual([{ platform: "google_ads", cpa: 3.74908 }]);
    expect(r.answer).toBe("google_ads had the lowest CPA from 2026-07-01 to 2026-09-30: CPA 3.75 USD. Left out of CPA: klaviyo (no spend in the period).");
  });

  it("lists every channel asked for, not the first three", async () => {
    const r = await ask(org, "spend by channel yesterday", { today: TODAY });
    expect(r.rows.map((x) => x.platform)).toEqual(["google_ads", "klaviyo", "meta", "tiktok"]);
    expect(r.answer).toBe("From 2026-12-02 to 2026-12-02: google_ads: Spend 292.44 USD; klaviyo: Spend 0.00 USD; meta: Spend 693.01 USD; tiktok: Spend 97.61 USD.");
  });

  it("gives all five of a top 5, ranked", async () => {
    const r = await ask(org, "top 5 campaigns", { today: TODAY });
    expect(r.rows.map((x) => x.spend)).toEqual(["3601.62", "3575.68", "3560.22", "3266.83", "2350.36"]);
    expect(r.answer).toMatch(/^From 2026-11-03 to 2026-12-02: 1\. Meta \| OUTCOME_AWARENESS \| Evergreen \| 02: Spend 3,601\.62 USD; 2\. .*; 5\. Google \| DISPLAY \| Holiday Gifts \| 03: Spend 2,350\.36 USD\.$/);
  });

  it("answers many rows with a table and a link to the full metrics query", async () => {
    const r = await ask(org, "spend by campaign last month", { today: TODAY });
    expect(r.rows).toHaveLength(12);
    const lines = r.answer.split("\n");
    expect(lines[0]).toBe("From 2026-11-01 to 2026-11-30, 12 rows:");
    expect(lines[1]).toBe("| campaignName | Spend |");
    expect(lines[3]).toBe("| Google | DISPLAY | Fall Sale | 02 | 2,121.83 USD |");
    expect(lines).toHaveLength(3 + 12 + 1);
    expect(r.link).toBe(`/export/metrics.csv?query=${encodeURIComponent(JSON.stringify({ measures: ["spend"], dateRange: { from: "2026-11-01", to: "2026-11-30" }, dimensions: ["campaignName"] }))}`);
    expect(lines[15]).toBe(`Full table: ${r.link}`);
  });

  it("leaves the channel without spend out of a blended ROAS and names whose ROAS it is", async () => {
    const r = await ask(org, "October ROAS", { today: TODAY });
    const paid = await runMetrics(org, { measures: ["roas"], dateRange: { from: "2026-10-01", to: "2026-10-31" }, filters: [{ dimension: "platform", operator: "notIn", values: ["klaviyo"] }] });
    expect(r.rows).toEqual(paid.rows);
    expect(r.answer).toBe("ROAS (platform-reported) 8.94 from 2026-10-01 to 2026-10-31. Left out of ROAS: klaviyo (no spend in the period). " +
      `ROAS here is what the platforms report; the model "${MODEL}" (data to 2026-12-02) puts incremental ROAS at meta 1.80 (90 %: 1.44–2.16), google_ads 2.10 (90 %: 1.68–2.52), tiktok 1.20 (90 %: 0.96–1.44).`);
  });
});

describe("causal questions", () => {
  it("answers what Meta actually drove from the model and the experiments, with intervals, names and dates", async () => {
    const r = await ask(org, "what did Meta actually drive?", { today: TODAY });
    expect(r.query).toBeNull();
    expect(r.answer).toBe(`From the model "${MODEL}" (marketing mix model, data 2025-12-03 to 2026-12-02, trained 2026-12-02, 90 % intervals): ` +
      "Meta drove 985,500.00 of revenue (788,400.00 to 1,182,600.00), incremental ROAS 1.80 (1.44 to 2.16). Experiments: " +
      '"Meta geo holdout 2026-10-25" (geo, 2026-10-25 to 2026-11-21, synthetic control): revenue lift -4.4 %, incremental revenue -12,600.00 (90 % interval -13,775.04 to -11,424.96), p = 0.020, ' +
      'incremental ROAS 1.40 (1.27 to 1.53) on 9,000.00 of spend moved; "Meta creative A/B test: UGC vs studio" (ab, 2026-09-01 to 2026-09-21): proportions analysis. ugc vs studio: conversions lift 8.0%, p = 0.03.');
    expect(r.estimates[0]).toMatchObject({ source: "model", channel: "meta", roas: 1.8, roasLow: 1.44, roasHigh: 2.16 });
  });

  it("answers what the Google holdout showed", async () => {
    const r = await ask(org, "what did the Google holdout show?", { today: TODAY });
    expect(r.answer).toBe('"Google Ads geo holdout 2026-08-21" (geo, 2026-08-21 to 2026-09-17, synthetic control): revenue lift -5.2 %, incremental revenue -15,000.00 ' +
      "(90 % interval -16,305.60 to -13,694.40), p = 0.010, incremental ROAS 2.00 (1.83 to 2.17) on 7,500.00 of spend moved.");
  });

  it("answers where the next 10k should go from the budget optimiser", async () => {
    const r = await ask(org, "where should the next 10k go?", { today: TODAY });
    expect(r.causal).toEqual({ kind: "budget", amount: 10000 });
    expect(r.answer).toMatch(new RegExp(`^From the model "${MODEL}" \\(data 2025-12-03 to 2026-12-02\\): put the next 10,000\\.00 over the next 30 days into Meta [\\d,.]+, Google Ads [\\d,.]+, on top of today's mix\\. Expected extra revenue: [\\d,.]+ \\(media revenue [\\d,.]+, 90 % interval [\\d,.]+–[\\d,.]+, vs [\\d,.]+ today\\)\\.$`));
    const extra = r.estimates.reduce((s, e) => s + Number(e.extraSpend), 0);
    expect(Math.round(extra)).toBe(10000);
  });

  it("plans the budget in the compute pool, off the request thread: two optimisations (today's mix and the plan), cancelled with the request", async () => {
    const before = computeStats().completed;
    await ask(org, "where should the next 10k go?", { today: TODAY });
    expect(computeStats().completed - before).toBe(2);
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(ask(org, "where should the next 10k go?", { today: TODAY, signal: cancelled.signal })).rejects.toMatchObject({ name: "AbortError", message: "This operation was aborted" });
    expect(computeStats().completed - before).toBe(2);
  });

  it("refuses clearly when no model or experiment exists", async () => {
    expect((await ask(bare, "what did Meta actually drive?", { today: TODAY })).answer).toBe("Nothing measures what Meta incrementally drove yet: no marketing mix model is ready and no experiment on it has been analysed. " +
      'Train one (trainAttributionModel, type "mmm") or analyse a holdout; platform-reported ROAS is not incremental.');
    expect((await ask(bare, "what did the Google holdout show?", { today: TODAY })).answer).toBe("No analysed experiment on Google Ads exists. Create one (createExperiment), upload its data and analyse it (analyzeExperiment).");
    expect((await ask(bare, "where should the next 10k go?", { today: TODAY })).answer).toBe('No marketing mix model is ready, so there is nothing to allocate a budget with. Train one (trainAttributionModel, type "mmm") first.');
  });
});

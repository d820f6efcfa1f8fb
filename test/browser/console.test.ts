/// <reference lib="dom" />
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inArray } from "drizzle-orm";
import { gql } from "../helpers/graphql.js";
import { experiments } from "../../src/db/tables/index.js";
import { daysInclusive as daysBetween } from "../../src/dates.js";
import { CONSOLE_WORLD, launchChromium, screenshot, signIn, startConsoleServer, type ConsoleServer } from "./console-fixture.js";

// What a person sees in the console, in Debian's Chromium, against one started gateway with the small
// sandbox org (console-fixture.ts). Every number on a page is checked against the public API's answer.
let server: ConsoleServer;
let context: BrowserContext;
let closeBrowser: () => Promise<void>;
let page: Page;
let problems: string[] = [];

const usd = (v: unknown, digits = 2) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(Number(v));
const pct = (v: number, digits = 1) => `${v > 0 ? "+" : ""}${(v * 100).toFixed(digits)} %`.replace("-", "−");
const times = (v: number) => `${v.toFixed(2)}×`;
const api = async <T = any>(query: string, variables?: Record<string, unknown>, key = server.adminKey) => {
  const r = await gql<T>(server.graphqlUrl, key, query, variables);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data as T;
};
const goTo = async (name: string) => {
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
};

beforeAll(async () => {
  server = await startConsoleServer();
  ({ context, close: closeBrowser } = await launchChromium());
  ({ page, problems } = await signIn(context, server.baseUrl, server.adminKey));
}, 600_000);
afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

describe("console in Chromium (sandbox org)", () => {
  it("signs in with the key from the form and shows the org's name and the key's role", async () => {
    expect(await page.getByTestId("org-name").textContent()).toBe("Sandbox");
    expect(await page.getByTestId("role").textContent()).toBe("admin");
    expect(await page.evaluate(() => location.href)).not.toContain("lg_");
    expect(await page.evaluate(() => sessionStorage.getItem("liftgate.apiKey"))).toBe(server.adminKey);
  });

  it("overview: the KPIs equal the metrics API's spend and the business's own revenue and orders for the same range", async () => {
    await page.getByTestId("kpi-Spend").waitFor();
    const from = await page.locator('input[name="from"]').inputValue();
    const to = await page.locator('input[name="to"]').inputValue();
    expect({ from, to }).toEqual({ from: "2025-07-01", to: "2025-07-28" });
    const d = await api(`query($r: DateRangeInput!) {
      metrics(query: { measures: [spend], dimensions: [platform], dateRange: $r }) { totals { spend } rows { platform spend } }
      causalDataset(input: { dateRange: $r, outcomes: ["revenue", "conversions"], outcomeKind: "outcome", treatments: ["spend"], calendarControls: false }) {
        rows { revenue: number(column: "revenue") conversions: number(column: "conversions") }
      }
    }`, { r: { from, to } });
    const spend = Number(d.metrics.totals.spend);
    const revenue = d.causalDataset.rows.reduce((s: number, r: any) => s + Number(r.revenue), 0);
    const orders = d.causalDataset.rows.reduce((s: number, r: any) => s + Number(r.conversions), 0);
    expect(await page.getByTestId("kpi-Spend").textContent()).toBe(usd(spend));
    expect(await page.getByTestId("kpi-Revenue").textContent()).toBe(usd(revenue));
    expect(await page.getByTestId("kpi-Conversions").textContent()).toBe(orders.toLocaleString("en-US"));
    expect(await page.getByTestId("kpi-ROAS").textContent()).toBe(times(revenue / spend));
    expect(await page.getByTestId("kpi-CPA").textContent()).toBe(usd(spend / orders));
    for (const row of d.metrics.rows) {
      expect(await page.locator(`tr[data-platform="${row.platform}"] td`).nth(1).textContent()).toBe(usd(row.spend));
    }
    expect(await page.locator("[data-chart='spend by platform'] g[aria-label='y-axis label']").textContent()).toBe("↑ Spend per day (USD)");
    expect(await page.locator("[data-chart='spend by platform'] [class$='-swatch']").allTextContents()).toEqual(d.metrics.rows.map((r: any) => r.platform).sort());
    await screenshot(page, "overview");
  });

  it("connections: a sync started from the page shows its progress live up to 100 % and its history row appears", async () => {
    await goTo("Connections & syncs");
    const card = page.locator("article.connection", { has: page.getByRole("heading", { name: "Sandbox Meta Ads" }) });
    await card.waitFor();
    const before = await page.locator("tr[data-run]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-run")));
    await page.evaluate(() => {
      const seen: number[] = ((window as any).__progress = []);
      new MutationObserver(() => {
        for (const el of document.querySelectorAll("article.connection [role=progressbar]")) seen.push(Number(el.getAttribute("aria-valuenow")));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await card.getByRole("button", { name: "Sync now" }).click();
    const row = page.locator('tr[data-run][data-status="succeeded"]');
    await expect.poll(async () => (await row.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-run")))).filter((id) => !before.includes(id)).length, { timeout: 60_000 }).toBe(1);
    // The history row (a query) and the bar's last event (the subscription) arrive on different paths, in either order.
    await expect.poll(async () => ((await page.evaluate(() => (window as any).__progress)) as number[]).at(-1), { timeout: 15_000 }).toBe(100);
    const seen = (await page.evaluate(() => (window as any).__progress)) as number[];
    expect(seen.some((p) => p < 100)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await card.getByTestId("phase").textContent()).toMatch(/^finished/);
    await screenshot(page, "connections");
  });

  it("connections: the form refuses a bad field and shows the server's message next to it", async () => {
    const config = { accessToken: "token", accountIds: ["12345"] };
    const refused = await gql(server.graphqlUrl, server.adminKey, `mutation($i: CreateConnectionInput!) { createConnection(input: $i) { id } }`, { i: { pluginId: "meta-ads", name: "Second Meta", config } });
    const expected = refused.errors![0]!.extensions!.fields.find((f: { field: string }) => f.field.startsWith("config.accountIds")).message as string;
    await page.getByRole("button", { name: "New connection" }).click();
    const form = page.getByRole("form", { name: "New connection" });
    await form.locator("#f-plugin").selectOption("meta-ads");
    await form.locator("#f-name").fill("Second Meta");
    await form.locator('[name="config.accessToken"]').fill("token");
    await form.locator('[name="config.accountIds"]').fill("12345");
    await form.getByRole("button", { name: "Create connection" }).click();
    const message = form.locator("#f-config\\.accountIds-error");
    await message.waitFor();
    expect(await message.textContent()).toBe(expected);
    expect(await form.locator('[name="config.accountIds"]').getAttribute("aria-invalid")).toBe("true");
    expect((await api(`{ connections { edges { node { name } } } }`)).connections.edges.map((e: { node: { name: string } }) => e.node.name)).not.toContain("Second Meta");
    await screenshot(page, "connection-form");
    await form.getByRole("button", { name: "Cancel" }).click();
  });

  it("data quality: the score and each rule's counts as the API reports them", async () => {
    await goTo("Data quality");
    await page.getByTestId("quality-score").waitFor();
    const q = (await api(`{ dataQuality(dateRange: { from: "2025-07-01", to: "2025-07-28" }) { score rules { rule checked failed } } }`)).dataQuality;
    expect(await page.getByTestId("quality-score").textContent()).toBe(`${(q.score * 100).toFixed(1)} %`);
    for (const r of q.rules) {
      const cells = page.locator(`tr[data-rule="${r.rule}"] td`);
      expect([await cells.nth(2).textContent(), await cells.nth(3).textContent()]).toEqual([r.checked.toLocaleString("en-US"), r.failed.toLocaleString("en-US")]);
    }
    await screenshot(page, "quality");
  });

  it("experiments: the geo holdout's ATT, lift, iROAS and p-value are the stored analysis's, with the chart", async () => {
    await goTo("Experiments");
    const [e] = (await api(`{ experiments(first: 1) { edges { node { id analysis { ... on GeoAnalysis { att lift iroas pValue series { dates } } } } } } }`)).experiments.edges.map((x: { node: unknown }) => x.node);
    const r = e.analysis;
    const card = page.locator(`[data-experiment-card="${e.id}"]`);
    await card.getByTestId("att").waitFor();
    expect(await card.getByTestId("att").textContent()).toBe(usd(r.att));
    expect(await card.getByTestId("lift").textContent()).toBe(pct(r.lift));
    expect(await card.getByTestId("iroas").textContent()).toBe(times(r.iroas));
    expect(await card.getByTestId("pvalue").textContent()).toBe(r.pValue < 0.001 ? "< 0.001" : r.pValue.toFixed(3));
    // The stored series runs from the world's first day to the test's last (synthetic control's panel).
    expect(r.series.dates).toHaveLength(daysBetween(CONSOLE_WORLD.start, CONSOLE_WORLD.geoTests[0]!.end));
    const chart = card.locator("[data-chart='treated vs synthetic control']");
    expect(await chart.locator("g[aria-label='y-axis label']").textContent()).toBe("↑ revenue per treated geo per day (USD)");
    expect(await chart.locator("[class$='-swatch']").allTextContents()).toEqual(["Treated (observed)", "Synthetic control"]);
    await screenshot(page, "experiments");
  });

  it("experiments: past the first page the list says how many there are, and Show more loads the rest", async () => {
    // 50 older drafts: the page's first 50 are then the world's experiments and the newest drafts.
    const drafts = Array.from({ length: 50 }, (_, i) => ({ orgId: server.demo.orgId, name: `Draft ${i}`, type: "ab" as const, primaryMetric: "orders", createdAt: new Date(Date.UTC(2020, 0, 1, 0, i)) }));
    const ids = (await server.app.database.db.insert(experiments).values(drafts).returning({ id: experiments.id })).map((r) => r.id);
    try {
      const total = (await api(`{ experiments { totalCount } }`)).experiments.totalCount as number;
      await goTo("Models");
      await goTo("Experiments");
      const note = page.getByTestId("list-more");
      await note.waitFor();
      expect(await note.textContent()).toBe(`Showing the newest 50 of ${total}. Show more`);
      expect(await page.locator("[data-testid='experiment-list'] tbody tr").count()).toBe(50);
      await note.getByRole("button", { name: "Show more" }).click();
      await note.waitFor({ state: "detached" });
      expect(await page.locator("[data-testid='experiment-list'] tbody tr").count()).toBe(total);
      expect(await page.locator(`tr[data-experiment="${ids[0]}"]`).count()).toBe(1);
    } finally {
      await server.app.database.db.delete(experiments).where(inArray(experiments.id, ids));
    }
  });

  it("models: the MMM's ROAS with intervals per channel are the API's, with decomposition and response curves", async () => {
    await goTo("Models");
    await page.getByTestId("mmm-table").waitFor();
    const m = (await api(`query($id: ID!) { attributionModel(id: $id) { results(method: mmm) { channel roas { value low high } } } }`, { id: server.modelId })).attributionModel;
    const paid = m.results.filter((x: any) => x.roas);
    expect(paid.map((x: any) => x.channel).sort()).toEqual(["google_ads", "meta", "tiktok"]);
    for (const x of paid) {
      expect(await page.getByTestId(`roas-${x.channel}`).textContent()).toBe(`${times(x.roas.value)} (${times(x.roas.low)} … ${times(x.roas.high)})`);
    }
    const yLabels = [];
    for (const chart of ["contribution decomposition", "response curves"]) yLabels.push(await page.locator(`[data-chart='${chart}'] g[aria-label='y-axis label']`).textContent());
    expect(yLabels).toEqual(["↑ Revenue per day, weekly average (USD)", "↑ Predicted revenue per day (USD)"]);
    expect(await page.locator("[data-chart='ROAS by channel'] g[aria-label='x-axis label']").textContent()).toBe("ROAS (revenue per unit of spend, with interval) →");
    const form = page.getByRole("form", { name: "Budget optimiser" });
    await form.getByRole("button", { name: "Optimise" }).click();
    await page.getByTestId("expected-media").waitFor();
    const budget = Number(await form.locator('[name="budget"]').inputValue());
    const plan = (await api(`query($id: ID!, $b: Float!) { optimizeBudget(modelId: $id, budget: $b, periods: 28) { expectedMediaOutcome { value } } }`, { id: server.modelId, b: budget })).optimizeBudget;
    expect(await page.getByTestId("expected-media").textContent()).toBe(usd(plan.expectedMediaOutcome.value, 0));
    await screenshot(page, "models");
  });

  it("explorer: GET /graphql in the browser is the offline explorer with the signed-in key in its headers; POST still answers", async () => {
    const introspection = page.waitForResponse((r) => r.request().method() === "POST" && r.url() === server.graphqlUrl, { timeout: 60_000 });
    await page.goto(server.graphqlUrl);
    await page.locator(".graphiql-container .graphiql-editors").waitFor({ timeout: 60_000 });
    expect((await introspection).status()).toBe(200);
    expect(await page.evaluate("RURU_CONFIG.initialHeaders")).toBe(JSON.stringify({ Authorization: `Bearer ${server.adminKey}` }, null, 2));
    expect((await api(`{ organization { name } }`)).organization.name).toBe("Sandbox");
    await page.waitForTimeout(500);
    await screenshot(page, "explorer");
  });

  it("ran without console errors, failed requests or requests leaving the server", () => {
    expect(problems).toEqual([]);
  });
});

describe("console with other keys", () => {
  it("a viewer key sees the data but no write buttons", async () => {
    const { page: viewer, problems: seen } = await signIn(context, server.baseUrl, server.viewerKey, "/connections");
    expect(await viewer.getByTestId("role").textContent()).toBe("viewer");
    await viewer.locator("article.connection").first().waitFor();
    expect(await viewer.locator("article.connection").count()).toBe(4);
    for (const name of ["Sync now", "Cancel sync", "Test connection", "Edit", "New connection"]) {
      expect(await viewer.getByRole("button", { name }).count()).toBe(0);
    }
    await screenshot(viewer, "viewer-connections");
    expect(seen).toEqual([]);
    await viewer.close();
  });

  it("a wrong key gets a clear message and no console", async () => {
    const tab = await context.newPage();
    await tab.goto(server.baseUrl + "/");
    await tab.getByLabel("API key").fill("lg_notakey_0000");
    await tab.getByRole("button", { name: "Sign in" }).click();
    const alert = tab.getByRole("alert");
    await alert.waitFor();
    expect(await alert.textContent()).toBe("That key was not accepted. The API key is not valid: it is unknown, malformed or revoked. Create a new one with `liftgate key create`.");
    expect(await tab.getByTestId("org-name").count()).toBe(0);
    expect(await tab.evaluate(() => sessionStorage.getItem("liftgate.apiKey"))).toBeNull();
    await screenshot(tab, "sign-in-wrong-key");
    await tab.close();
  });
});

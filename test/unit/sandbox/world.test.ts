import { describe, expect, it } from "vitest";
import { createWorld, PLATFORMS, REGIONS, type PlatformId } from "../../../src/plugins/sandbox/world.js";
import { geometricAdstock, hill, maturity } from "../../../src/plugins/sandbox/world-causal.js";

const world = createWorld();
const sumBy = <T>(xs: readonly T[], f: (x: T) => number) => xs.reduce((s, x) => s + f(x), 0);

describe("causal building blocks", () => {
  it("starts geometric adstock from the steady state of the first week's mean", () => {
    const a = geometricAdstock([100, 0, 0], 0.5); // mean 33.33 → steady state 66.67 before day 0
    expect(a.map((x) => Math.round(x * 100) / 100)).toEqual([133.33, 66.67, 33.33]);
  });
  it("gives half of the coefficient at the half-saturation point, whatever the slope", () => {
    expect(hill(5000, 5000, 1.2)).toBe(0.5);
    expect(hill(0, 5000, 1.2)).toBe(0);
    expect(hill(10_000, 5000, 2)).toBe(0.8);
  });
  it("matures attributed conversions linearly over the lookback, and the epoch ages them", () => {
    expect(maturity(1, 0, 28)).toBeCloseTo(0.55 + 0.45 / 28, 12);
    expect(maturity(28, 0, 28)).toBe(1);
    expect(maturity(1, 27, 28)).toBe(1);
  });
});

describe("sandbox world determinism", () => {
  it("gives the same numbers for the same seed", () => {
    const again = createWorld();
    expect(again.truth()).toEqual(world.truth());
    expect(again.platform("meta").day("2025-10-15")).toEqual(world.platform("meta").day("2025-10-15"));
  });
  it("gives different numbers for another seed", () => {
    const other = createWorld({ seed: 1 });
    expect(other.truth().totals.revenue).not.toBe(world.truth().totals.revenue);
    expect(other.platform("meta").accounts()[0]!.id).not.toBe(world.platform("meta").accounts()[0]!.id);
  });
  it("serves exactly the recorded delivery of a Meta ad on Black Friday", () => {
    expect(world.platform("meta").day("2025-11-28")[0]).toEqual({
      platform: "meta", date: "2025-11-28", adId: "120285935023323553", adGroupId: "120271317689562111", campaignId: "120260906428514957",
      accountId: "320544675932218", currency: "USD", timezone: "America/New_York", spendCents: 5022, impressions: 6120, clicks: 73,
      reach: 3921, videoViews: 0, sends: 0, opens: 0, conversions: 4, conversionValueCents: 32197,
    });
  });
  it("records exact ground-truth totals for the default world", () => {
    const t = world.truth();
    expect(t.totals).toEqual({ baseRevenue: 1867007.57, revenue: 3502368.55, orders: 43782, incrementalRevenue: 1635360.93 });
    expect(t.channels.meta).toMatchObject({ spendUsd: 290483.51, incrementalRevenue: 804231.58, attributedRevenue: 1289286.38, attributedConversions: 15687 });
    expect(t.channels.klaviyo).toMatchObject({ mediaUnit: "sends", media: 2734134, spendUsd: 0, roas: null, incrementalRevenue: 109594.82 });
  });
  it("agrees on spend for the days shared by worlds with different ranges (date-keyed randomness)", () => {
    const a = createWorld({ start: "2025-10-01", end: "2025-10-10" });
    expect(a.adDay("google_ads", world.platform("google_ads").ads()[0]!.id, "2025-10-05")!.spendCents)
      .toBe(world.adDay("google_ads", world.platform("google_ads").ads()[0]!.id, "2025-10-05")!.spendCents);
  });
});

describe("sandbox world structure", () => {
  it("has the documented accounts, currencies and timezones", () => {
    const acc = (p: PlatformId) => world.platform(p).accounts().map((a) => [a.currency, a.timezone]);
    expect(acc("meta")).toEqual([["USD", "America/New_York"], ["EUR", "Europe/Berlin"]]);
    expect(acc("google_ads")).toEqual([["USD", "America/Los_Angeles"]]);
    expect(acc("tiktok")).toEqual([["USD", "UTC"]]);
    expect(acc("klaviyo")).toEqual([["USD", "America/New_York"]]);
  });
  it("sizes the hierarchy per account from the options", () => {
    const w = createWorld({ size: { campaigns: 4, adGroupsPerCampaign: 3, adsPerAdGroup: 5 } });
    expect(w.platform("meta").ads()).toHaveLength(2 * 4 * 3 * 5);
    expect(w.platform("google_ads").adGroups()).toHaveLength(12);
    expect(w.platform("klaviyo").adGroups()).toHaveLength(4); // Klaviyo: one send per campaign
    expect(new Set(w.platform("meta").ads().map((a) => a.id)).size).toBe(120);
  });
  it("stops delivery of a paused campaign from its pausedFrom day", () => {
    const meta = world.platform("meta");
    const c = meta.campaigns().find((x) => x.pausedFrom)!;
    expect(c.status).toBe("paused");
    const ad = meta.ads({ campaignId: c.id })[0]!;
    const i = world.dates.indexOf(c.pausedFrom!);
    expect(world.adDay("meta", ad.id, world.dates[i - 1]!)!.spendCents).toBeGreaterThan(0);
    expect(world.adDay("meta", ad.id, c.pausedFrom!)).toMatchObject({ spendCents: 0, impressions: 0, conversions: 0 });
  });
  it("sends a Klaviyo campaign only on its send date, with zero spend", () => {
    const k = world.platform("klaviyo");
    const c = k.campaigns().find((x) => x.objective === "campaign")!;
    const ad = k.ads({ campaignId: c.id })[0]!;
    const rows = world.dates.map((d) => world.adDay("klaviyo", ad.id, d)!);
    expect(rows.filter((r) => r.sends > 0).map((r) => r.date)).toEqual([c.sendDate]);
    expect(sumBy(rows, (r) => r.spendCents)).toBe(0);
  });
  it("returns undefined for an unknown ad or a date outside the range", () => {
    const id = world.platform("tiktok").ads()[0]!.id;
    expect(world.adDay("tiktok", id, "2025-08-31")).toBeUndefined();
    expect(world.adDay("tiktok", "nope", "2025-09-01")).toBeUndefined();
    expect(world.platform("tiktok").day("2026-01-01")).toEqual([]);
  });
  it("rejects a reversed range and a zero size with a message saying what to fix", () => {
    expect(() => createWorld({ start: "2025-10-02", end: "2025-10-01" })).toThrow("Sandbox world end 2025-10-01 is before start 2025-10-02; swap them.");
    expect(() => createWorld({ size: { campaigns: 0 } })).toThrow("Sandbox world size.campaigns for meta must be a positive integer; got 0.");
  });
});

describe("sandbox world causal truth", () => {
  const t = world.truth();
  it("makes every day's revenue the base plus each channel's incremental revenue", () => {
    for (const d of t.days) expect(Math.abs(d.revenue - d.baseRevenue - sumBy(PLATFORMS, (p) => d.incrementalRevenue[p]))).toBeLessThan(0.03);
  });
  it("makes channel media the sum of its ads' spend converted to USD", () => {
    for (const date of ["2025-09-01", "2025-11-28"]) {
      const i = world.dates.indexOf(date);
      const usd = sumBy(world.platform("meta").day(date), (r) => (r.spendCents / 100) * world.usdPer[r.currency]!);
      expect(Math.round(usd * 100) / 100).toBe(t.days[i]!.media.meta);
    }
  });
  it("lets every platform over-credit itself relative to its true incremental revenue", () => {
    for (const p of PLATFORMS) expect(t.channels[p].attributedRevenue / t.channels[p].incrementalRevenue).toBeGreaterThan(1.2);
  });
  it("lifts base revenue on the day after Thanksgiving and lowers it on public holidays", () => {
    expect(t.holidays.find((h) => h.date === "2025-11-28")).toEqual({ date: "2025-11-28", name: "Day after Thanksgiving Day", multiplier: 1.8 });
    expect(t.holidays.find((h) => h.date === "2025-09-01")?.multiplier).toBe(0.85);
  });
});

describe("restatement", () => {
  const meta = (w: ReturnType<typeof createWorld>, date: string) => sumBy(w.platform("meta").day(date), (r) => r.conversions);
  it("changes attributed conversions inside the lookback when the epoch advances, and nothing older", () => {
    const w = createWorld();
    const before = { last: meta(w, "2025-11-30"), old: meta(w, "2025-10-01"), spend: sumBy(w.platform("meta").day("2025-11-30"), (r) => r.spendCents) };
    w.setEpoch(10);
    expect(meta(w, "2025-11-30")).toBeGreaterThan(before.last);
    expect(meta(w, "2025-10-01")).toBe(before.old);
    expect(sumBy(w.platform("meta").day("2025-11-30"), (r) => r.spendCents)).toBe(before.spend);
  });
  it("only restates TikTok's last 3 days", () => {
    const a = createWorld(), b = createWorld({ epoch: 5 });
    const conv = (w: typeof a, d: string) => sumBy(w.platform("tiktok").day(d), (r) => r.conversions);
    expect(conv(a, "2025-11-27")).toBe(conv(b, "2025-11-27"));
    expect(conv(a, "2025-11-30")).toBeLessThan(conv(b, "2025-11-30"));
  });
  it("rejects a negative epoch", () => {
    expect(() => createWorld().setEpoch(-1)).toThrow("Sandbox world epoch must be a non-negative integer; got -1.");
  });
});

describe("scale", () => {
  it("generates 91 days × 500 ads of one platform", () => {
    const w = createWorld({ sizes: { tiktok: { campaigns: 25, adGroupsPerCampaign: 4, adsPerAdGroup: 5 } } });
    let rows = 0;
    for (const d of w.dates) rows += w.platform("tiktok").day(d).length;
    expect(rows).toBe(91 * 500);
  });
});

describe("regions and geo tests", () => {
  const holdout = { channel: "meta" as const, regions: ["US-GA", "US-NC", "US-WA"], start: "2025-10-06", end: "2025-11-02", spendMultiplier: 0 };
  const tested = createWorld({ geoTests: [holdout] });
  const share = (codes: string[]) => REGIONS.filter((r) => codes.includes(r.code)).reduce((s, r) => s + r.share, 0);

  it("splits the store into 15 US states whose shares sum to one", () => {
    expect(REGIONS).toHaveLength(15);
    expect(REGIONS[0]).toMatchObject({ code: "US-CA", name: "California" });
    expect(REGIONS[0]!.share).toBeCloseTo(39 / 221, 15);
    expect(REGIONS.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 12);
  });
  it("reports regional revenue that adds up to the national truth, to a cent per region", () => {
    for (const w of [world, tested]) {
      const t = w.truth();
      const byDate = new Map<string, number>();
      for (const r of w.regionalDays()) byDate.set(r.date, (byDate.get(r.date) ?? 0) + r.revenue);
      expect(byDate.size).toBe(91);
      for (const d of t.days) expect(Math.abs(byDate.get(d.date)! - d.revenue)).toBeLessThanOrEqual(0.15);
    }
  });
  it("leaves every number of a world without geo tests unchanged (and records none)", () => {
    expect(world.truth().geoTests).toEqual([]);
    expect(createWorld({ geoTests: [] }).truth().totals).toEqual(world.truth().totals);
  });
  it("cuts the channel's national spend by the treated share during a holdout, and nothing outside it", () => {
    const spend = (w: typeof world, d: string) => sumBy(w.platform("meta").day(d), (r) => r.spendCents);
    expect(spend(tested, "2025-10-05")).toBe(spend(world, "2025-10-05"));
    expect(spend(tested, "2025-11-03")).toBe(spend(world, "2025-11-03"));
    expect(spend(tested, "2025-10-20") / spend(world, "2025-10-20")).toBeCloseTo(1 - share(holdout.regions), 2);
    expect(sumBy(tested.platform("google_ads").day("2025-10-20"), (r) => r.spendCents)).toBe(sumBy(world.platform("google_ads").day("2025-10-20"), (r) => r.spendCents));
  });
  it("records the test's true effect: the treated regions' lost revenue equals the regional difference from a world without it", () => {
    const [g] = tested.truth().geoTests;
    expect(g).toMatchObject({ ...holdout, treatedShare: share(holdout.regions) });
    const treatedRevenue = (w: typeof world) => sumBy(w.regionalDays().filter((r) => holdout.regions.includes(r.region) && r.date >= holdout.start && r.date <= holdout.end), (r) => r.revenue);
    expect(treatedRevenue(tested) - treatedRevenue(world)).toBeCloseTo(g!.incrementalRevenue, -1);
    expect(g!.incrementalRevenue).toBeLessThan(0);
    expect(g!.carryoverRevenue).toBeLessThan(0);
    const spendDelta = sumBy(tested.truth().days, (d) => d.media.meta) - sumBy(world.truth().days, (d) => d.media.meta);
    expect(g!.spendChangeUsd).toBeCloseTo(spendDelta, 0);
    // Untreated regions are untouched.
    const other = (w: typeof world) => w.regionalDays().filter((r) => r.region === "US-CA").map((r) => r.revenue);
    expect(other(tested)).toEqual(other(world));
  });
  it("rejects a test that says what is wrong", () => {
    const bad = (t: Partial<typeof holdout>) => () => createWorld({ geoTests: [{ ...holdout, ...t }] });
    expect(bad({ channel: "klaviyo" as "meta" })).toThrow('Sandbox geo test 1: channel must be one of meta, google_ads, tiktok; got "klaviyo".');
    expect(bad({ regions: ["US-ZZ"] })).toThrow(/^Sandbox geo test 1: regions must be codes of US-CA, .*; got US-ZZ\.$/);
    expect(bad({ end: "2025-12-05" })).toThrow("Sandbox geo test 1: 2025-10-06 … 2025-12-05 must lie inside the world's range 2025-09-01 … 2025-11-30.");
    expect(bad({ spendMultiplier: 1 })).toThrow("Sandbox geo test 1: spendMultiplier must be ≥ 0 and not 1; got 1.");
    expect(() => createWorld({ geoTests: [holdout, { ...holdout, regions: ["US-TX"], start: "2025-11-01", end: "2025-11-10" }] }))
      .toThrow("Sandbox geo test 1 overlaps test 2 on meta; run a channel's tests one after another.");
  });
});

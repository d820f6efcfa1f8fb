import { eq } from "drizzle-orm";
import type { OrgScope } from "../db/scope.js";
import { fxRates, sandboxWorlds } from "../db/tables/index.js";
import { upsertFacts, type FactRow } from "../db/facts.js";
import { createWorld, DEFAULT_SEED, type World, type WorldOptions, type WorldTruth } from "../plugins/sandbox/world.js";
import { demoGeoTests } from "./demo-experiments.js";
import { addDays, fmt } from "../dates.js";

/** Days of history the demo world covers, ending yesterday at first start: a year, enough for an MMM and its geo tests. */
export const DEMO_DAYS = 365;
/** Demo hierarchy: 3 campaigns × 2 ad groups × 1 ad per account keeps the first full sync to about a minute. */
export const DEMO_SIZE = { campaigns: 3, adGroupsPerCampaign: 2, adsPerAdGroup: 1 };
/** `source` of the facts the demo writes itself (the store's true orders). */
export const DEMO_SOURCE = "sandbox";

/** Options of a new demo world: the default seed, DEMO_DAYS days ending the day before `now` (UTC), and its geo holdouts. */
export function newDemoWorldOptions(now: Date): WorldOptions {
  const end = addDays(fmt(now), -1);
  const start = addDays(end, 1 - DEMO_DAYS);
  return { seed: DEFAULT_SEED, start, end, size: DEMO_SIZE, geoTests: demoGeoTests(start, DEMO_DAYS) };
}

/** The store's true daily orders and revenue as outcome facts (what a shop backend would report). */
export function outcomeFacts(truth: WorldTruth): FactRow[] {
  return truth.days.map((d) => ({
    platform: "shop", stream: "sandbox_orders", kind: "outcome", level: "account", date: d.date, accountId: "sandbox-store",
    conversions: d.orders, revenue: d.revenue.toFixed(2), currency: "USD", accountTimezone: "America/New_York",
  }));
}

/** The store's true revenue and orders by US state, as outcome facts broken down by "region" (for geo experiments). */
export function regionalOutcomeFacts(world: World): FactRow[] {
  return world.regionalDays().map((d) => ({
    platform: "shop", stream: "sandbox_orders_by_region", kind: "outcome", level: "account", date: d.date, accountId: "sandbox-store",
    breakdowns: { region: d.region }, conversions: d.orders, revenue: d.revenue.toFixed(2), currency: "USD", accountTimezone: "America/New_York",
  }));
}

/** The world's fixed FX rates as fx_rates rows (1 currency = rate USD) for every day of the range. */
export function fxRows(world: World) {
  return Object.entries(world.usdPer)
    .filter(([cur]) => cur !== "USD")
    .flatMap(([cur, rate]) => world.dates.map((date) => ({ date, base: cur, quote: "USD", rate: String(rate), source: DEMO_SOURCE })));
}

/** The stored world options and truth of a demo org, or undefined. */
export async function getSandboxWorld(scope: OrgScope): Promise<{ options: WorldOptions; truth: WorldTruth } | undefined> {
  const [row] = await scope.db.select().from(sandboxWorlds).where(eq(sandboxWorlds.orgId, scope.orgId));
  return row ? { options: row.options as WorldOptions, truth: row.truth as unknown as WorldTruth } : undefined;
}

/**
 * The demo org's world: regenerated from the stored options on a restart (same numbers every start),
 * or created, with its truth, FX rates and (when `store.outcomes`) the store's true orders as facts, on the first start.
 */
export async function loadOrCreateDemoWorld(scope: OrgScope, now: Date, options?: WorldOptions, store: { outcomes: boolean } = { outcomes: true }): Promise<{ world: World; truth: WorldTruth; created: boolean }> {
  const stored = await getSandboxWorld(scope);
  // The stored truth is the world's (same options, same numbers): no need to recompute it on a restart.
  if (stored) return { world: createWorld(stored.options), truth: stored.truth, created: false };
  const worldOptions = options ?? newDemoWorldOptions(now);
  const world = createWorld(worldOptions);
  const truth = world.truth();
  await scope.database.transaction(async (tx) => {
    await tx.db.insert(sandboxWorlds).values({ orgId: scope.orgId, options: worldOptions as Record<string, unknown>, truth: truth as unknown as Record<string, unknown> });
    if (store.outcomes) await upsertFacts(tx.db, scope.orgId, DEMO_SOURCE, outcomeFacts(truth));
    // No connector reports revenue by state, so the store's backend export is written directly.
    await upsertFacts(tx.db, scope.orgId, DEMO_SOURCE, regionalOutcomeFacts(world));
    const fx = fxRows(world);
    if (fx.length) await tx.db.insert(fxRates).values(fx).onConflictDoNothing();
  });
  return { world, truth, created: true };
}


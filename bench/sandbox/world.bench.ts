// Sandbox world generation: 90 days × 500 ads on each of the 4 platforms (goal: all of it under 2 s
// on the 2-core dev machine, so emulators can serve a big world without a warm-up).
// Run: npx tsx bench/sandbox/world.bench.ts
import { createWorld, PLATFORMS } from "../../src/plugins/sandbox/world.js";

const size = { campaigns: 25, adGroupsPerCampaign: 4, adsPerAdGroup: 5 }; // 500 ads per account
const goalSeconds = 2;
const world = createWorld({ start: "2025-09-01", end: "2025-11-29", sizes: { meta: { ...size, campaigns: 13 }, google_ads: size, tiktok: size, klaviyo: { ...size, adGroupsPerCampaign: 1, adsPerAdGroup: 20 } } });

const t0 = performance.now();
let rows = 0;
for (const p of PLATFORMS) for (const d of world.dates) rows += world.platform(p).day(d).length;
const full = (performance.now() - t0) / 1000;

const t1 = performance.now();
const ads = world.platform("google_ads").ads();
let random = 0;
for (let i = 0; i < 20_000; i++) if (world.adDay("google_ads", ads[(i * 7919) % ads.length]!.id, world.dates[(i * 31) % world.dates.length]!)) random++;
const lookup = (performance.now() - t1) / 1000;

const t2 = performance.now();
world.truth();
const truth = (performance.now() - t2) / 1000;

console.log(`every ad-day of 4 platforms (${rows} rows, entities and channel series included): ${full.toFixed(2)} s, ${Math.round(rows / full)} rows/s (${(full / goalSeconds).toFixed(2)}× the ${goalSeconds} s goal)`);
console.log(`random single ad-day lookups: ${Math.round(random / lookup)} per s (${((random / lookup) / (rows / full)).toFixed(2)}× the sequential rate)`);
console.log(`truth document (final attribution re-derived for every ad-day): ${truth.toFixed(2)} s`);

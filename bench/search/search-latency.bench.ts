/**
 * p50/p95 latency of memory search on the embedded store (PGlite + pgvector HNSW), with 100,000
 * memory items by default, against the same search on the float4[] fallback (exact scan in SQL).
 *
 *   npx tsx bench/search/search-latency.bench.ts [--items 100000] [--runs 60]
 *   npx tsx bench/search/search-latency.bench.ts --postgres postgres://postgres@127.0.0.1:5433/postgres
 *     (a fresh database on that server, dropped after; without pgvector only the exact scan runs)
 *   --data-dir DIR (PGlite) / --database URL (PostgreSQL): keep the loaded items there and reuse them next time
 *   --no-float4 / --no-exact: leave out the float4[] runs / the forced exact scan
 *   --baseline PATH: also time the searchMemory of another copy of search.service.ts, with the pg-vector-store.ts beside it
 *     (e.g. an older commit's: `git archive <commit> src | tar -x -C /tmp/base`, then link node_modules into /tmp/base),
 *     interleaved with this one in the same run, for a before/after ratio
 *   --baseline-rev REV: the same with the search of a git revision (its src/ extracted to a temporary folder), e.g.
 *     `--data-dir /tmp/bench --no-float4 --baseline-rev 3df3677` (the search before the single-statement steps of issue #21)
 *
 * Items are generated (campaign, ad and daily-summary texts over ~2,000 campaign names) and bulk
 * inserted with their local embeddings; the HNSW index is then built once, as `ensure` would.
 * Besides wall time each search's CPU time is measured (this process plus the PostgreSQL backends it uses, from
 * /proc), which a shared, loaded machine inflates much less than wall time.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/db/client.js";
import { createPostgresUrl } from "../../test/helpers/db.js";
import { migrate } from "../../src/db/migrate.js";
import { orgScope } from "../../src/db/scope.js";
import { organizations } from "../../src/db/tables/index.js";
import { createLocalEmbedder } from "../../src/analytics/embeddings/local-embedder.js";
import { createPgVectorStore, vectorMode } from "../../src/analytics/search/pg-vector-store.js";
import { contentHashOf } from "../../src/analytics/search/memory-writer.js";
import { searchMemory } from "../../src/analytics/search/search.service.js";
import type { Memory } from "../../src/analytics/search/memory.js";
import { queryRows } from "../../src/db/query.js";

const opt = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const arg = (name: string, dflt: number) => Number(opt(name) ?? dflt);
const ITEMS = arg("items", 100_000);
const RUNS = arg("runs", 60);
const SMALL_ORG_SHARE = 0.05; // a small org among a big table exercises the filtered (iterative) index scan

const ADJ = ["Summer", "Winter", "Spring", "Autumn", "Holiday", "Brand", "Flash", "Evergreen", "Retargeting", "Prospecting", "Lookalike", "Launch", "Clearance", "Loyalty", "Black Friday", "Cyber"];
const NOUN = ["Sale", "Sneakers", "Running Shoes", "Jackets", "Dresses", "Watches", "Bags", "Skincare", "Coffee", "Headphones", "Furniture", "Toys", "Books", "Vitamins", "Bikes", "Tents"];
const GEO = ["US", "UK", "DE", "FR", "CA", "AU", "NL", "ES"];
const PLATFORMS = ["meta", "google_ads", "tiktok", "klaviyo"];
const QUERIES = ["summer sale retargeting", "running shoes search UK", "black friday jackets", "winter clearance DE", "brand awareness coffee",
  "lookalike skincare", "flash sale headphones", "holiday toys US", "loyalty vitamins", "launch bikes FR"];

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31); // deterministic LCG
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

function item(i: number) {
  const name = `${pick(ADJ)} ${pick(NOUN)} ${pick(GEO)} ${100 + (i % 2000)}`;
  const platform = pick(PLATFORMS);
  const r = rnd();
  if (r < 0.8) {
    const date = new Date(Date.UTC(2023, 0, 1) + Math.floor(rnd() * 700) * 86_400_000).toISOString().slice(0, 10);
    const spend = (rnd() * 500).toFixed(2);
    return { kind: "campaign_day", refKey: `campaign_day:${i}`, platform, dateFrom: date, dateTo: date, title: `${platform} campaign "${name}" on ${date}`,
      body: `${platform} campaign "${name}" on ${date}: spend ${spend} USD, ${Math.floor(rnd() * 90000)} impressions, ${Math.floor(rnd() * 900)} clicks.` };
  }
  const kind = r < 0.95 ? "ad" : "campaign";
  return { kind, refKey: `entity:${i}`, platform, dateFrom: null, dateTo: null, title: `${platform} ${kind} "${name}"`,
    body: `${platform} ${kind} "${name}" (id ${i}). Status: ${pick(["ACTIVE", "PAUSED"])}. Objective: ${pick(["SALES", "AWARENESS", "TRAFFIC"])}.` };
}

async function load(database: Database, orgs: string[], memory: Memory) {
  const CHUNK = 1000;
  for (let i = 0; i < ITEMS; i += CHUNK) {
    const batch = Array.from({ length: Math.min(CHUNK, ITEMS - i) }, (_, j) => item(i + j));
    const vectors = await memory.embedder.embed(batch.map((b) => `${b.title}\n${b.body}`));
    const rows = batch.map((b, j) => sql`(${(i + j) % Math.round(1 / SMALL_ORG_SHARE) === 0 ? orgs[1] : orgs[0]}, ${b.kind}, ${b.refKey}, ${b.platform},
      ${b.dateFrom}, ${b.dateTo}, ${b.title}, ${b.body}, ${JSON.stringify({ type: "bench" })}::jsonb, ${contentHashOf(b)}, ${memory.embedder.model}, ${`{${vectors[j].join(",")}}`}::real[])`);
    await database.db.execute(sql`insert into memory_items (org_id, kind, ref_key, platform, date_from, date_to, title, body, link, content_hash, embedding_model, embedding)
      values ${sql.join(rows, sql`, `)}`);
  }
}

type Search = typeof searchMemory;
let backendsSeen = 0;
type Timing = { p50: number; p95: number; cpu: number };

/**
 * CPU ms used so far by this process and by the PostgreSQL backends serving this database: found in /proc by their
 * process title ("postgres: user db host(port) state"; pg_backend_pid() may be another PID namespace's). 0 where unreadable.
 */
async function cpuMs(database: Database): Promise<() => number> {
  let pids: string[] = [];
  if (database.driver === "postgres") {
    const [{ db }] = await queryRows<{ db: string }>(database.db, sql`select current_database() as db`);
    pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
      try { return readFileSync(`/proc/${d}/cmdline`, "utf8").startsWith("postgres: ") && readFileSync(`/proc/${d}/cmdline`, "utf8").includes(` ${db} `); } catch { return false; }
    });
  }
  const ticks = () => pids.reduce((sum, pid) => {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return sum + Number(f[11]) + Number(f[12]); // utime + stime, in clock ticks (100 a second on Linux)
    } catch { return sum; }
  }, 0);
  backendsSeen = Math.max(backendsSeen, pids.length);
  return () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 + ticks() * 10; };
}

/** Time `runs` searches of each implementation, interleaved query by query so load changes hit both alike. */
async function timeSearches(database: Database, scope: ReturnType<typeof orgScope>, memory: Memory, runs: number, impls: Search[] = [searchMemory]): Promise<Timing[]> {
  for (const search of impls) for (const q of QUERIES.slice(0, 3)) await search(scope, memory, q, {}, 10); // warm-up
  const ms = impls.map(() => [] as number[]);
  const cpu = impls.map(() => 0);
  for (let i = 0; i < runs; i++) {
    for (let n = 0; n < impls.length; n++) {
      const j = (i + n) % impls.length; // alternate which goes first
      const clock = await cpuMs(database);
      const c0 = clock();
      const t = performance.now();
      await impls[j]!(scope, memory, QUERIES[i % QUERIES.length], i % 3 === 0 ? { kinds: ["campaign_day"] } : {}, 10);
      ms[j]!.push(performance.now() - t);
      cpu[j]! += clock() - c0;
    }
  }
  return ms.map((m, j) => {
    m.sort((a, b) => a - b);
    return { p50: m[Math.floor(m.length * 0.5)]!, p95: m[Math.floor(m.length * 0.95)]!, cpu: cpu[j]! / runs };
  });
}

const pgIdx = process.argv.indexOf("--postgres");
const reuseUrl = opt("database");
const pg = pgIdx > 0 && !reuseUrl ? await createPostgresUrl(process.argv[pgIdx + 1]) : null;
const dataDir = opt("data-dir");
const database = await openDatabase(pg ? { url: pg.url } : reuseUrl ? { url: reuseUrl } : { dataDir });
await migrate(database);
/** src/ and package.json of a git revision in a temporary folder beside this checkout's node_modules; its search.service.ts. */
function extractRevision(rev: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "liftgate-bench-baseline-"));
  execFileSync("tar", ["-x", "-C", dir], { input: execFileSync("git", ["archive", "--format=tar", rev, "src", "package.json"], { maxBuffer: 1 << 30 }) });
  symlinkSync(resolve("node_modules"), join(dir, "node_modules"));
  return { path: join(dir, "src/analytics/search/search.service.ts"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
const revision = opt("baseline-rev") ? extractRevision(opt("baseline-rev")!) : null;
const baselinePath = opt("baseline") ?? revision?.path;
const baselineModule = (name: string) => import(pathToFileURL(resolve(dirname(baselinePath!), name)).href);
// the baseline searches with its own copy of the vector store too (pg-vector-store.ts beside it), so the ratio is the whole search's
const baseline: Search | null = baselinePath ? await (async () => {
  const [{ searchMemory: search }, { createPgVectorStore: store }] = await Promise.all([baselineModule("search.service.ts"), baselineModule("pg-vector-store.ts")]);
  const baselineStore = store();
  return ((scope, mem, ...rest) => search(scope, { ...mem, store: baselineStore }, ...rest)) as Search;
})() : null;
const memory: Memory = { embedder: createLocalEmbedder(), store: createPgVectorStore() };
let orgs = (await queryRows<{ id: string }>(database.db, sql`select id from organizations where slug in ('big', 'small') order by slug`)).map((o) => o.id);
let t = performance.now();
if (orgs.length < 2) {
  orgs = (await database.db.insert(organizations).values([{ name: "Big", slug: "big" }, { name: "Small", slug: "small" }]).returning()).map((o) => o.id);
  await load(database, orgs, memory);
  await database.db.execute(sql`analyze memory_items`); // as writeMemoryItems does after a big write
  console.log(`loaded ${ITEMS} items (${Math.round(ITEMS * SMALL_ORG_SHARE)} in the small org) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
} else {
  const [{ n }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from memory_items`);
  console.log(`reusing ${n} loaded items`);
}
const hasVector = await database.hasVector();
if (hasVector) {
  t = performance.now();
  await vectorMode(database, memory.embedder.model, memory.embedder.dimensions); // builds the HNSW index
  console.log(`HNSW index ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const [big, small] = [orgScope(database, orgs[0]!), orgScope(database, orgs[1]!)];
const noVector = { ...database, hasVector: async () => false };
const f = (x: number) => `${x.toFixed(1)} ms`.padStart(11);
const line = (label: string, r: Timing) => console.log(`${label.padEnd(52)}${f(r.p50)}${f(r.p95)}${f(r.cpu)}`);
const header = (what: string) => {
  console.log(`\nsearch latency, ${ITEMS} memory items, ${what}, first = 10; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`${"".padEnd(52)}${"p50".padStart(11)}${"p95".padStart(11)}${"CPU/search".padStart(11)}`);
};
const impls = baseline ? [searchMemory, baseline] : [searchMemory];
const compare = (label: string, r: Timing[]) => {
  line(label, r[0]!);
  if (r[1]) {
    line(`  baseline (${opt("baseline-rev") ?? baselinePath})`.slice(0, 50), r[1]);
    console.log(`  ratio baseline / this: p50 ${(r[1].p50 / r[0]!.p50).toFixed(2)}x, p95 ${(r[1].p95 / r[0]!.p95).toFixed(2)}x, CPU ${(r[1].cpu / r[0]!.cpu).toFixed(2)}x`);
  }
};
let hnswBig: Timing | undefined;
if (hasVector) {
  header(`${database.driver} with pgvector`);
  const both = await timeSearches(database, big, memory, RUNS, impls);
  hnswBig = both[0];
  compare("pgvector HNSW, big org (95% of items)", both);
  compare("pgvector HNSW, small org (5% of items)", await timeSearches(database, small, memory, RUNS, impls));
  // the vector half alone (embedding the query + HNSW), to show where the time goes
  const vec: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const [v] = await memory.embedder.embed([QUERIES[i % QUERIES.length]]);
    await memory.store.query(big, memory.embedder.model, v, {}, 50);
    vec.push(performance.now() - t0);
  }
  vec.sort((a, b) => a - b);
  line("  of which the vector half (k = 50), big org", { p50: vec[Math.floor(RUNS * 0.5)]!, p95: vec[Math.floor(RUNS * 0.95)]!, cpu: NaN });
} else {
  header(`${database.driver} without pgvector`);
}
if (!process.argv.includes("--no-float4")) {
  const few = hasVector ? Math.max(10, Math.floor(RUNS / 6)) : RUNS;
  compare("float4[], small org (5,000 rows: exact)", await timeSearches(noVector, orgScope(noVector, orgs[1]!), memory, few, impls));
  const boundedBig = await timeSearches(noVector, orgScope(noVector, orgs[0]!), memory, few, impls);
  compare("float4[], big org (candidates above 5,000)", boundedBig);
  if (!process.argv.includes("--no-exact")) {
    const exactMemory: Memory = { embedder: memory.embedder, store: createPgVectorStore({ exactMax: Number.MAX_SAFE_INTEGER }) };
    const [exactBig] = await timeSearches(noVector, orgScope(noVector, orgs[0]!), exactMemory, Math.max(10, Math.floor(RUNS / 6)));
    line("float4[], big org, forced exact scan", exactBig!);
    console.log(`\nratio exact / candidates (p50, big org): ${(exactBig!.p50 / boundedBig[0]!.p50).toFixed(1)}x`);
    if (hnswBig) console.log(`ratio exact / HNSW (p50, big org): ${(exactBig!.p50 / hnswBig.p50).toFixed(1)}x`);
  }
}
console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(" ")}; CPU/search counted this process${database.driver === "postgres" ? ` and up to ${backendsSeen} PostgreSQL backends` : ""}`);
await database.close();
await pg?.drop();
revision?.remove();

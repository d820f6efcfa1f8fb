/**
 * Read path: liftgate `facts(first: 20 | 100)` with campaign and ad names, req/s side by side with PostGraphile 5
 * serving the same rows of the same PostgreSQL database, and the cost of a page at 90 % depth against the first page.
 * Goal (issue 16): ≥ 1.2 × PostGraphile's req/s; deep page ≤ 1.5 × the first page.
 *
 *   npx tsx bench/read-path/read-path.bench.ts --url postgres://postgres@127.0.0.1:55432/postgres
 *   options: --facts 200000 (1000000 for the issue's figures) --seconds 8 --connections 10 --runs 30
 *            --database NAME: load the facts into that database once and keep it; later runs with the same name reuse them
 *            --skip-deep: only the req/s measures; --rounds N: the servers take turns N times per measure (median), for a loaded machine
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createFactIds } from "../../src/analytics/facts/fact-ids.js";

const { values: opts } = parseArgs({
  options: {
    url: { type: "string", default: process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL },
    facts: { type: "string", default: process.env.BENCH_FACTS ?? "200000" },
    seconds: { type: "string", default: "8" },
    connections: { type: "string", default: "10" },
    runs: { type: "string", default: "30" },
    database: { type: "string" },
    "skip-deep": { type: "boolean", default: false },
    rounds: { type: "string", default: "1" },
  },
});
if (!opts.url) throw new Error("Give a PostgreSQL server: --url postgres://… (or BENCH_DATABASE_URL / TEST_DATABASE_URL); PostGraphile needs PostgreSQL.");
const FACTS = Number(opts.facts), SECONDS = Number(opts.seconds), CONNECTIONS = Number(opts.connections), RUNS = Number(opts.runs), ROUNDS = Number(opts.rounds);
const CAMPAIGNS = 50, ADS_PER_CAMPAIGN = 20; // the issue's shape: 50 campaigns × 20 ads × days
const DAYS = Math.max(1, Math.round(FACTS / (CAMPAIGNS * ADS_PER_CAMPAIGN)));
const here = fileURLToPath(new URL(".", import.meta.url));
// The peer is its own package (PostGraphile 5 declares Node >= 22; see peer/package.json), installed on first run.
if (!existsSync(`${here}peer/node_modules/postgraphile`))
  execFileSync("npm", ["ci", "--no-fund", "--no-audit", "--engine-strict=false"], { cwd: `${here}peer`, stdio: "inherit" });

// A fresh database on the server, dropped at the end; or the named one, kept (and loaded only if it is new).
const name = opts.database ?? `liftgate_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(opts.url, { max: 1, onnotice: () => {} });
const reuse = Boolean(opts.database) && (await admin`select 1 from pg_database where datname = ${name}`).length > 0;
if (!reuse) await admin.unsafe(`create database ${name}`);
const dbUrl = new URL(opts.url);
dbUrl.pathname = `/${name}`;
const children: ChildProcess[] = [];
// Each server's process, to read the CPU time it spent (utime + stime from /proc, in clock ticks of 10 ms): CPU per
// request stays comparable when the machine is loaded, where req/s does not.
const pids = new Map<string, number>();
const cpuMs = (url: string) => {
  const fields = readFileSync(`/proc/${pids.get(url)}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
// The gateway's key, so this script can seal the deep-page cursors it sends (fact-ids.ts).
const encryptionKey = randomBytes(32);
const factIds = createFactIds(encryptionKey);
try {
  const database = await openDatabase({ url: dbUrl.toString(), max: 4 });
  await migrate(database);
  const [kept] = reuse ? await queryRows<{ id: string }>(database.db, sql`select id from organizations where slug = 'bench'`) : [];
  const org = kept ?? (await createOrganization(database, { name: "Bench", slug: "bench" }));
  const { secret } = await createApiKey(orgScope(database, org.id), { name: "bench", role: "viewer" });
  let started = Date.now();
  if (!kept) {
    await database.db.execute(sql`insert into ad_entities (org_id, platform, level, external_id, parent_external_id, name)
      select ${org.id}::uuid, 'meta', 'campaign', 'c' || c, null, 'Campaign ' || c from generate_series(1, ${CAMPAIGNS}) c
      union all
      select ${org.id}::uuid, 'meta', 'ad', 'c' || c || 'a' || a, 'c' || c, 'Ad ' || c || '.' || a from generate_series(1, ${CAMPAIGNS}) c, generate_series(1, ${ADS_PER_CAMPAIGN}) a`);
    await database.db.execute(sql`insert into marketing_facts (org_id, source, platform, stream, date, account_id, campaign_id, ad_id, spend, impressions, clicks, conversions, revenue, currency)
      select ${org.id}::uuid, 'bench', 'meta', 'ads_insights', date '2022-01-01' + d, 'act_1', 'c' || c, 'c' || c || 'a' || a,
        round((random() * 100)::numeric, 2), (random() * 10000)::int, (random() * 300)::int, (random() * 10)::int, round((random() * 400)::numeric, 2), 'USD'
      from generate_series(0, ${DAYS - 1}) d, generate_series(1, ${CAMPAIGNS}) c, generate_series(1, ${ADS_PER_CAMPAIGN}) a`);
    // PostGraphile's peer of the campaign and ad relations: computed columns (our entity key is not a foreign key).
    for (const [field, column] of [["campaign", "campaign_id"], ["ad", "ad_id"]] as const)
      await database.db.execute(sql.raw(`create function marketing_facts_${field}(f marketing_facts) returns ad_entities language sql stable as
        $$ select e.* from ad_entities e where e.org_id = f.org_id and e.platform = f.platform and e.level = '${field}' and e.external_id = f.${column} $$`));
    await database.db.execute(sql`vacuum analyze marketing_facts`);
    await database.db.execute(sql`analyze ad_entities`);
  }
  const [{ n: total }] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from marketing_facts where org_id = ${org.id}`);
  console.log(`${kept ? "reused" : "loaded"} ${total.toLocaleString("en")} facts (${CAMPAIGNS} campaigns × ${ADS_PER_CAMPAIGN} ads × ${DAYS} days) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const start = async (args: string[], cwd = here, env: Record<string, string> = {}): Promise<string> => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, DATABASE_URL: dbUrl.toString(), NODE_ENV: "production", LIFTGATE_ENCRYPTION_KEY: encryptionKey.toString("hex"), ...env }, stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const pid = child.pid!;
    // The first JSON line with a url (the gateway may print other lines first).
    for await (const line of createInterface({ input: child.stdout! })) {
      const url = line.startsWith("{") ? (JSON.parse(line) as { url?: string }).url : undefined;
      if (url) { pids.set(url, pid); return url; }
    }
    throw new Error(`${args.join(" ")} exited before it listened`);
  };
  // The gateway twice: queries compiled by graphql-jit (GRAPHQL_JIT=true) and interpreted by graphql-js (false, the default).
  const [liftgateUrl, interpretedUrl, peerUrl] = await Promise.all([
    start(["--import", "tsx", "liftgate-server.ts"], here, { GRAPHQL_JIT: "true" }),
    start(["--import", "tsx", "liftgate-server.ts"], here, { GRAPHQL_JIT: "false" }),
    start(["--require", "../with-resolvers.cjs", "postgraphile-server.mjs"], `${here}peer`),
  ]);
  const auth = { authorization: `Bearer ${secret}` };
  const post = async (url: string, query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`${url}: ${JSON.stringify(body).slice(0, 400)}`);
    return body.data;
  };

  const NODE = "date spend impressions clicks campaign { name } ad { name }";
  const ours = (first: number, after?: string, desc = false) =>
    `{ facts(first: ${first}${after ? `, after: "${after}"` : ""}${desc ? ", orderBy: DATE_DESC" : ""}) { edges { cursor node { id ${NODE} } } pageInfo { hasNextPage endCursor } } }`;
  const peer = (first: number, after?: string, desc = false, offset?: number) =>
    // graphql-probe: PostGraphile's schema over the same table, not liftgate's
    `{ allMarketingFacts(first: ${first}${after ? `, after: "${after}"` : ""}${offset ? `, offset: ${offset}` : ""}, condition: { orgId: "${org.id}" }, orderBy: [${desc ? "DATE_DESC, ROW_ID_DESC" : "DATE_ASC, ROW_ID_ASC"}]) { edges { cursor node { rowId ${NODE} } } pageInfo { hasNextPage endCursor } } }`;

  // Both answer the same rows, names included.
  const a = (await post(liftgateUrl, ours(20), auth)).facts.edges.map((e: any) => [String(factIds.decode(e.node.id)), e.node.campaign.name, e.node.ad.name]);
  const b = (await post(peerUrl, peer(20))).allMarketingFacts.edges.map((e: any) => [String(e.node.rowId), e.node.campaign.name, e.node.ad.name]);
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`the two servers disagree:\n${JSON.stringify(a.slice(0, 3))}\n${JSON.stringify(b.slice(0, 3))}`);

  const cpuPerRequest = new Map<string, number[]>();
  const rps = async (url: string, query: string, headers: Record<string, string> = {}, seconds = SECONDS) => {
    const cpu0 = cpuMs(url);
    const r = await autocannon({ url, method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query }), connections: CONNECTIONS, duration: seconds });
    if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    if (seconds === SECONDS) cpuPerRequest.set(url, [...(cpuPerRequest.get(url) ?? []), (cpuMs(url) - cpu0) / r.requests.total]);
    return r.requests.average;
  };
  const rows: string[][] = [];
  const ratio = (x: number, y: number) => (x / y).toFixed(2);
  if (opts["skip-deep"]) console.log("(deep pages skipped)");
  for (const [label, q, pq] of [
    ["facts(first: 20) with campaign and ad names, req/s", ours(20), peer(20)],
    ["facts(first: 100) with campaign and ad names, req/s", ours(100), peer(100)],
    ["trivial { __typename }, req/s", "{ __typename }", "{ __typename }"],
  ] as const) {
    // Each server warms up on the query first (JIT, prepared statements, caches), then is measured.
    await rps(liftgateUrl, q, auth, 2);
    await rps(interpretedUrl, q, auth, 2);
    await rps(peerUrl, pq, {}, 2);
    // On a loaded machine the three take turns, ROUNDS times, and each gives its median round.
    const runs: [number[], number[], number[]] = [[], [], []];
    for (let round = 0; round < ROUNDS; round++) {
      runs[0].push(await rps(liftgateUrl, q, auth));
      runs[1].push(await rps(interpretedUrl, q, auth));
      runs[2].push(await rps(peerUrl, pq));
    }
    const mid = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
    const [mine, interpreted, theirs] = runs.map(mid) as [number, number, number];
    const [cMine, cInterpreted, cTheirs] = [liftgateUrl, interpretedUrl, peerUrl].map((u) => mid(cpuPerRequest.get(u)!)) as [number, number, number];
    cpuPerRequest.clear();
    rows.push([label, mine.toFixed(0), `PostGraphile ${theirs.toFixed(0)}`, ratio(mine, theirs), `${interpreted.toFixed(0)} (${ratio(interpreted, theirs)})`]);
    rows.push([`  server CPU ms per request (lower is better)`, cMine.toFixed(2), `PostGraphile ${cTheirs.toFixed(2)}`, ratio(cTheirs, cMine), `${cInterpreted.toFixed(2)} (${ratio(cTheirs, cInterpreted)})`]);
  }

  // Deep pages: median latency of the page after a cursor at 90 % depth against the first page, one request at a time.
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    return times.sort((x, y) => x - y)[Math.floor(RUNS / 2)]!;
  };
  for (const desc of opts["skip-deep"] ? [] : [false, true]) {
    const depth = Math.floor(total * 0.9);
    const [at] = await queryRows<{ date: string; id: string }>(database.db, sql.raw(`select date::text as date, id::text as id from marketing_facts where org_id = '${org.id}'
      order by date ${desc ? "desc" : "asc"}, id ${desc ? "desc" : "asc"} offset ${depth - 1} limit 1`));
    const ourCursor = factIds.cursor(at!.date, Number(at!.id));
    const peerCursor = (await post(peerUrl, peer(1, undefined, desc, depth - 1))).allMarketingFacts.edges[0].cursor as string;
    const ourFirst = await median(() => post(liftgateUrl, ours(20, undefined, desc), auth));
    const ourDeep = await median(() => post(liftgateUrl, ours(20, ourCursor, desc), auth));
    const peerFirst = await median(() => post(peerUrl, peer(20, undefined, desc)));
    const peerDeep = await median(() => post(peerUrl, peer(20, peerCursor, desc)));
    const order = desc ? "DATE_DESC" : "DATE_ASC";
    rows.push([`facts ${order} page after a cursor at 90 %, ms (p50)`, ourDeep.toFixed(2), `PostGraphile ${peerDeep.toFixed(2)}`, ratio(ourDeep, peerDeep), ""]);
    rows.push([`  deep page / first page, ${order}`, ratio(ourDeep, ourFirst), `PostGraphile ${ratio(peerDeep, peerFirst)}`, "goal ≤ 1.5", ""]);
  }

  console.log(`\n${total.toLocaleString("en")} facts, ${CONNECTIONS} connections, ${SECONDS} s per measure × ${ROUNDS} rounds (median), Node ${process.version}`);
  console.log(`| measure | liftgate | peer | ratio | liftgate, GRAPHQL_JIT=false (ratio) |\n|---|---|---|---|---|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  await database.close();
} finally {
  for (const c of children) c.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 500));
  if (!opts.database) await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { screenOf, startShellOnTerminal } from "../helpers/terminal.js";

// The README's two commands, run as a newcomer would: on a fresh clone of the committed tree.
const readme = readFileSync("README.md", "utf8");
const dir = mkdtempSync(join(tmpdir(), "liftgate-e2e-"));
const clone = join(dir, "liftgate");
const env = { ...process.env, PORT: "0", LIFTGATE_DATA_DIR: join(dir, "data"), LOG_LEVEL: "warn", TEST_DATABASE_URL: "", DATABASE_URL: "", NO_COLOR: "1", FORCE_COLOR: "0" };

// On a terminal, as a newcomer types it: default log level and format (so logs are pretty, not JSON).
const terminalEnv = { ...env, LOG_LEVEL: "", LOG_FORMAT: "", NO_COLOR: "", FORCE_COLOR: undefined };
const lockFile = join(dir, "data", "liftgate.lock");
const BANNER_URL = /listening on (http:\/\/\S+\/graphql)/;
const BANNER_KEY = /admin key[^:]*: (lg_\S+)/;

/** `command` (a shell line run in the clone) on a pseudo-terminal, once its banner shows the URL and the key. */
function startLiftgate(command = "npm start") {
  const term = startShellOnTerminal(command, terminalEnv, 160, clone);
  return new Promise<{ url: string; key: string; term: typeof term }>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = BANNER_URL.exec(term.output())?.[1];
      const key = BANNER_KEY.exec(term.output())?.[1];
      if (url && key) {
        clearInterval(timer);
        resolve({ url, key, term });
      }
    }, 200);
    void term.done.then(({ code, output }) => {
      clearInterval(timer);
      reject(new Error(`${command} ended with ${code}:\n${output}`));
    });
  });
}

/** Ctrl-C at the terminal: the terminal sends SIGINT to every process of the command (npm, the gateway, tee). */
const ctrlC = async (started: { term: ReturnType<typeof startShellOnTerminal> }) => {
  started.term.type("\x03");
  return (await started.term.done).output;
};

async function until<T>(fn: () => Promise<T | undefined>, ms = 240_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting for the sandbox syncs");
    await new Promise((r) => setTimeout(r, 500));
  }
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

const query = async (url: string, key: string, q: string) =>
  (await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: q }) })).json() as Promise<any>;

beforeAll(() => {
  execFileSync("git", ["clone", "-q", process.cwd(), clone]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the README's commands on a fresh clone", () => {
  it("the README names exactly these two commands", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toContain("npm test");
  });

  it("npm ci installs from the lockfile, with no engine warning on this Node", () => {
    // npm writes its warnings to stderr: on a Node the README names, no package may refuse it (EBADENGINE).
    const r = spawnSync("npm", ["ci", "--no-fund", "--no-audit", "--prefer-offline"], { cwd: clone, env, encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.includes("EBADENGINE"))).toEqual([]);
  });

  it("npm start serves the sandbox organization on the embedded database, readably on a terminal, and stops cleanly on Ctrl-C", async () => {
    const first = await startLiftgate();
    // The sandbox connections sync in the background after the banner; wait for every run to end.
    const statuses = await until(async () => {
      const runs = (await query(first.url, first.key, "{ syncRuns(first: 20) { edges { node { status } } } }")).data.syncRuns.edges.map((e: any) => e.node.status);
      return runs.length > 0 && runs.every((s: string) => s !== "queued" && s !== "running") ? runs : undefined;
    });
    expect(statuses).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    const r = await query(first.url, first.key, "{ organization { slug } facts(first: 1) { totalCount } }");
    expect(r.data.organization.slug).toBe("sandbox");
    expect(r.data.facts.totalCount).toBeGreaterThan(0);
    // The world's three geo holdouts are analysed experiments, and the MMM they calibrate trains after the syncs.
    const exps = await query(first.url, first.key, "{ experiments { edges { node { type treatment { channel } analysis { method } } } } }");
    expect(exps.data.experiments.edges.map(({ node: e }: any) => [e.type, e.treatment.channel, e.analysis.method]).sort())
      .toEqual([["geo", "google_ads", "synthetic_control"], ["geo", "meta", "synthetic_control"], ["geo", "tiktok", "synthetic_control"]]);
    const models = await until(async () => {
      const m = (await query(first.url, first.key, "{ attributionModels { edges { node { status results { channel roas { value } } } } } }")).data.attributionModels.edges.map((e: any) => e.node);
      return m.length === 1 && m[0].status !== "queued" && m[0].status !== "training" ? m : undefined;
    });
    expect(models[0].status).toBe("ready");
    expect(models[0].results.filter((x: any) => x.roas).map((x: any) => x.channel).sort()).toEqual(["google_ads", "meta", "tiktok"]);

    // Once the background work has settled, the banner is printed again, and it is what the terminal shows last.
    await until(async () => (first.term.output().includes("sandbox ready:") ? true : undefined), 60_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const screen = screenOf(first.term.output());
    const ready = screen.findLastIndex((l) => l.startsWith("sandbox ready:"));
    expect(screen[ready]).toBe("sandbox ready: 4 syncs succeeded, MMM trained");
    const banner = screen.slice(ready - 1).filter(Boolean);
    expect(banner[0]).toMatch(/^liftgate is listening on http:\/\/127\.0\.0\.1:\d+\/graphql \(pglite\)$/);
    expect(banner.some((l) => l.includes(first.key))).toBe(true);
    expect(banner.length).toBeLessThan(40); // the rows of the terminal: all of it on screen at once
    // Every log line on the screen is a readable one (time, level, message), none a raw JSON object.
    const logs = screen.filter((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] [A-Z]+:/.test(l));
    expect(logs.length).toBeGreaterThan(5);
    expect(screen.filter((l) => l.startsWith("{"))).toEqual([]);
    expect(logs.filter((l) => l.length > 400)).toEqual([]);

    const last = screenOf(await ctrlC(first)).filter(Boolean).at(-1);
    expect(last).toBe("liftgate stopped (HTTP and WebSocket drained, database closed)");
    expect(existsSync(lockFile)).toBe(false);

    // `npm start | tee log`, then Ctrl-C: tee dies with the pipe, and the gateway still drains and lets the folder go.
    // A second start keeps the data and prints the same key (a BI source set up on the demo keeps working).
    const log = join(dir, "tee.log");
    const second = await startLiftgate(`npm start 2>&1 | tee ${JSON.stringify(log)}`);
    expect(second.key).toBe(first.key);
    const again = await query(second.url, second.key, "{ facts(first: 1) { totalCount } experiments { totalCount } attributionModels { edges { node { status } } } }");
    expect(again.data.facts.totalCount).toBe(r.data.facts.totalCount);
    expect([again.data.experiments.totalCount, again.data.attributionModels.edges]).toEqual([3, [{ node: { status: "ready" } }]]);
    const holder = JSON.parse(readFileSync(lockFile, "utf8")) as { pid: number };
    await ctrlC(second);
    // The gateway outlives npm and tee by its drain: it must end, and release the folder, on its own.
    await until(async () => (existsSync(lockFile) || alive(holder.pid) ? undefined : true), 30_000);
    // tee wrote what npm start printed up to the Ctrl-C: the banner, and logs as JSON lines (a pipe, not a terminal).
    const teed = readFileSync(log, "utf8").split("\n");
    expect(teed).toContain(`admin key (the same at every start): ${second.key}`);
    expect(teed.filter((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] [A-Z]+:/.test(l))).toEqual([]);
  });

  it("npm test runs the suite's runner in the clone", () => {
    const out = execFileSync("npm", ["test", "--", "--project", "unit", "test/unit/schema/schema-file.test.ts"], { cwd: clone, env, encoding: "utf8" });
    expect(out).toMatch(/Tests\s+3 passed \(3\)/);
  });
});

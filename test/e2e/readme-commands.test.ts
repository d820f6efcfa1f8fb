import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// The README's two commands, run as a newcomer would: on a fresh clone of the committed tree.
const readme = readFileSync("README.md", "utf8");
const dir = mkdtempSync(join(tmpdir(), "liftgate-e2e-"));
const clone = join(dir, "liftgate");
const env = { ...process.env, PORT: "0", LIFTGATE_DATA_DIR: join(dir, "data"), LOG_LEVEL: "warn", TEST_DATABASE_URL: "", DATABASE_URL: "", NO_COLOR: "1", FORCE_COLOR: "0" };

function startLiftgate(): Promise<{ child: ChildProcess; url: string; key: string; output: () => string }> {
  const child = spawn("npm", ["start"], { cwd: clone, env, detached: true });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /listening on (http:\/\/\S+\/graphql)/.exec(output)?.[1];
      const key = /admin key[^:]*: (lg_\S+)/.exec(output)?.[1];
      if (url && key) {
        clearInterval(timer);
        resolve({ child, url, key, output: () => output });
      }
    }, 200);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
}

/** SIGTERM to the process group, as a terminal or a supervisor sends it; resolves with what the gateway printed last. */
const stop = (started: { child: ChildProcess; output: () => string }) =>
  new Promise<string>((resolve) => {
    // "close", not "exit": npm exits first; the gateway (sharing the pipes) finishes its drain after.
    started.child.once("close", () => resolve(started.output().trim().split("\n").at(-1) ?? ""));
    process.kill(-started.child.pid!, "SIGTERM");
  });

async function until<T>(fn: () => Promise<T | undefined>, ms = 240_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting for the sandbox syncs");
    await new Promise((r) => setTimeout(r, 500));
  }
}

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

  it("npm ci installs from the lockfile", () => {
    execFileSync("npm", ["ci", "--no-fund", "--no-audit", "--prefer-offline"], { cwd: clone, env, stdio: "pipe" });
  });

  it("npm start serves the sandbox organization on the embedded database, prints URL and key, and stops cleanly", async () => {
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
    expect(await stop(first)).toBe("liftgate stopped (HTTP and WebSocket drained, database closed)");

    // A second start keeps the data and prints the same key (a BI source set up on the demo keeps working).
    const second = await startLiftgate();
    expect(second.key).toBe(first.key);
    const again = await query(second.url, second.key, "{ facts(first: 1) { totalCount } experiments { totalCount } attributionModels { edges { node { status } } } }");
    expect(again.data.facts.totalCount).toBe(r.data.facts.totalCount);
    expect([again.data.experiments.totalCount, again.data.attributionModels.edges]).toEqual([3, [{ node: { status: "ready" } }]]);
    expect(await stop(second)).toBe("liftgate stopped (HTTP and WebSocket drained, database closed)");
  });

  it("npm test runs the suite's runner in the clone", () => {
    const out = execFileSync("npm", ["test", "--", "--project", "unit", "test/unit/schema/schema-file.test.ts"], { cwd: clone, env, encoding: "utf8" });
    expect(out).toMatch(/Tests\s+2 passed \(2\)/);
  });
});

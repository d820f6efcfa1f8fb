import { afterAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { liftgateArgs } from "../helpers/cli.js";

// One writer on the embedded database, and how the server stops — with real `liftgate` processes.
const dir = mkdtempSync(join(tmpdir(), "liftgate-folder-"));
const data = join(dir, "data");
const env = { ...process.env, LIFTGATE_DATA_DIR: data, DATABASE_URL: "", PORT: "0", LOG_LEVEL: "info", LOG_FORMAT: "json", LIFTGATE_SCHEDULER: "false", NO_COLOR: "1" };
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Run { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

function liftgate(args: string[], extra: Record<string, string> = {}) {
  const started = Date.now();
  const child = spawn(process.execPath, liftgateArgs(...args), { env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<Run>((r) => child.on("close", (code, signal) => r({ code, signal, stdout, stderr, ms: Date.now() - started })));
  return { child, done, output: () => stdout + stderr };
}

const lock = () => JSON.parse(readFileSync(join(data, "liftgate.lock"), "utf8")) as { pid: number; role: string; url?: string; socket?: string };

/** Start `liftgate serve` and resolve once it accepts CLI commands (its lock names URL and socket). */
async function serve(extra: Record<string, string> = {}) {
  const s = liftgate(["serve"], extra);
  const end = Date.now() + 300_000;
  for (;;) {
    if (s.child.exitCode !== null) throw new Error(`serve exited ${s.child.exitCode}: ${s.output()}`);
    try {
      const l = lock();
      if (l.pid === s.child.pid && l.url && l.socket) return { ...s, url: l.url };
    } catch { /* not written yet */ }
    if (Date.now() > end) throw new Error(`serve did not start: ${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const gql = async (url: string, key: string, query: string) =>
  (await fetch(url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) })).json() as Promise<any>;

/** A request whose body never finishes: keeps the HTTP drain busy (Apollo waits up to 10 s for it). */
function hangingRequest(url: string) {
  const u = new URL(url);
  const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": "1000" } });
  req.on("error", () => {});
  req.write('{"query":');
  return req;
}

describe("one writer on the embedded data folder", () => {
  it("a second server refuses naming the first; the CLI works through the server; a lock left by kill -9 is taken over with every committed row", async () => {
    const first = await serve();
    const second = await liftgate(["serve"]).done;
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`liftgate: The data folder ${data} is in use by a liftgate server (pid ${first.child.pid}, ${first.url})`);
    expect(second.stderr).toContain("stop that server first, run this one on another folder (LIFTGATE_DATA_DIR), or use PostgreSQL (DATABASE_URL)");

    // The CLI's org and key are made by the running server: its key works there at once.
    const created = await liftgate(["org", "create", "Acme"]).done;
    expect(created.code).toBe(0);
    const key = /admin key \(shown once\): (lg_\S+)/.exec(created.stdout)![1]!;
    expect((await gql(first.url, key, "{ organization { slug } }")).data).toEqual({ organization: { slug: "acme" } });
    const missing = await liftgate(["key", "list", "--org", "nope"]).done;
    expect([missing.code, missing.stderr]).toEqual([1, 'liftgate: No organization has the id or slug "nope"; see `liftgate org list`.\n']);
    expect(first.output()).toContain('"command":"org create","msg":"admin channel: running a CLI command"');

    // An import that loads nothing exits 1; the same file with corrected options loads (relative paths are the CLI's).
    writeFileSync(join(dir, "eu.csv"), "Day,Campaign,Cost,Currency\n13/03/2024,Spring,12.50,EUR\n14/03/2024,Spring,7.25,EUR\n");
    const rejected = await liftgate(["import", relative(process.cwd(), join(dir, "eu.csv")), "--platform", "meta", "--org", "acme"]).done;
    expect([rejected.code, rejected.stderr]).toEqual([1, "liftgate: nothing was loaded; fix the options (e.g. --date-format, --column) and import the file again.\n"]);
    expect(rejected.stdout).toMatch(/^Imported eu\.csv: 2 rows read, 0 loaded, 2 rejected \(batch [0-9a-f-]{36}\)\.\n/);
    const loaded = await liftgate(["import", join(dir, "eu.csv"), "--platform", "meta", "--org", "acme", "--date-format", "DD/MM/YYYY"]).done;
    expect([loaded.code, loaded.stdout]).toEqual([0, expect.stringMatching(/^Imported eu\.csv: 2 rows read, 2 loaded, 0 rejected/)]);

    // Writes acknowledged to a client, then kill -9 in the middle of more.
    const acknowledged: string[] = [];
    const writing = (async () => {
      for (let i = 0; ; i++) {
        const r = await gql(first.url, key, `mutation { createApiKey(name: "k${i}", role: viewer) { apiKey { name } } }`).catch(() => null);
        if (!r?.data) return;
        acknowledged.push(r.data.createApiKey.apiKey.name);
      }
    })();
    while (acknowledged.length < 15) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await writing;
    expect((await first.done).signal).toBe("SIGKILL");
    expect(lock().pid).toBe(first.child.pid); // left behind

    const listed = await liftgate(["key", "list", "--org", "acme"]).done;
    expect(listed.code).toBe(0);
    const names = listed.stdout.trim().split("\n").map((l) => l.split(/\s+/)[3]);
    expect(names.filter((n) => n !== "admin").sort()).toEqual(expect.arrayContaining(acknowledged.sort()));
    expect(names.length).toBeGreaterThanOrEqual(acknowledged.length + 1);
    expect(existsSync(join(data, "liftgate.lock"))).toBe(false); // the CLI took it over and released it
  });
});

describe("shutdown", () => {
  it("drains and exits 0 on SIGINT although its stdout is gone (EPIPE)", async () => {
    const s = await serve();
    s.child.stdout!.destroy(); // the reader of the pipe is gone, as with `npm start | tee log` after Ctrl-C
    s.child.kill("SIGINT");
    const r = await s.done;
    expect([r.code, r.signal]).toEqual([0, null]);
    expect(existsSync(join(data, "liftgate.lock"))).toBe(false);
  });

  it("a second signal exits at once while the drain waits for a request", async () => {
    const s = await serve();
    const req = hangingRequest(s.url);
    await new Promise((r) => setTimeout(r, 300));
    s.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1_000));
    const second = Date.now();
    s.child.kill("SIGTERM");
    const r = await s.done;
    req.destroy();
    expect([r.code, r.signal]).toEqual([130, null]);
    expect(Date.now() - second).toBeLessThan(5_000);
    expect(s.output()).toContain("second signal: exiting without waiting for the drain");
  });

  it("gives up a drain that takes longer than SHUTDOWN_TIMEOUT_MS (read from the env file)", async () => {
    // Set in an env file, which the server reads at start.
    writeFileSync(join(dir, "test.env"), "SHUTDOWN_TIMEOUT_MS=1500\n");
    const s = await serve({ LIFTGATE_ENV_FILE: join(dir, "test.env") });
    const req = hangingRequest(s.url);
    await new Promise((r) => setTimeout(r, 300));
    const signalled = Date.now();
    s.child.kill("SIGTERM");
    const r = await s.done;
    req.destroy();
    expect([r.code, r.signal]).toEqual([1, null]);
    expect(Date.now() - signalled).toBeLessThan(8_000); // Apollo alone would wait 10 s for the request
    expect(s.output()).toContain("shutdown took too long: exiting without finishing the drain");
  });
});

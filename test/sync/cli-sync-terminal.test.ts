import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { liftgateArgs } from "../helpers/cli.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";
import { runOnTerminal, screenOf } from "../helpers/terminal.js";

// `liftgate sync` as a user runs it at a terminal (a real pseudo-terminal) and in a pipe, while the
// platform throttles (HTTP 429 with Retry-After) and fails now and then (HTTP 503): both are retried.
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

const dir = mkdtempSync(join(tmpdir(), "liftgate-tty-"));
cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
const env: Record<string, string | undefined> = {
  LIFTGATE_DATA_DIR: dir, DATABASE_URL: "", LIFTGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex"), LIFTGATE_PLUGINS: "",
  OUTBOUND_ALLOW_HOSTS: "127.0.0.1", LOG_LEVEL: "", LOG_FORMAT: "", NO_COLOR: "", FORCE_COLOR: undefined,
};
let emu: JsonHttpEmulator;

const inPipe = (args: string[], extra: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
    execFile(process.execPath, liftgateArgs(...args), { env: { ...process.env, ...env, ...extra } }, (e, stdout, stderr) => r({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr })));

/** Requests the emulator refused since `from`: [429s, 503s]. */
const refused = (from: number) => {
  const later = emu.requests.slice(from);
  return [later.filter((q) => q.status === 429).length, later.filter((q) => q.status === 503).length];
};

// A bar as BAR_FORMAT draws it: 40 cells, percent, phase, stream, window, counters, ETA as formatEta writes it.
const BAR = /^[█░]{40} \d{1,3}% \| \w+ (daily)? window (-|\d\/4) \| \d+ read, \d+ written, 0 rejected \| ETA (…|\d+s|\d+m\d\ds)$/u;
const PRETTY_WARN = /^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: JSON endpoint 127\.0\.0\.1:\d+ (is throttling requests \(HTTP 429|failed on GET \/report \(HTTP 503)[^{]*; retrying in \d+ ms \{"runId":/;
const RATE_LIMITED = /^rate limited: JSON endpoint 127\.0\.0\.1:\d+ is throttling requests \(HTTP 429: Too many requests\); waiting [01]s$/;
const RESULT = /^run [0-9a-f-]{36} succeeded: 400 read, 400 facts written, 24 entities, 0 rejected$/;

beforeAll(async () => {
  emu = await startJsonHttpEmulator({ campaigns: 2, adsPerCampaign: 2, lastDate: "2030-12-31" });
  cleanups.push(() => emu.close());
  if (testDriver === "postgres") {
    const { url, drop } = await createPostgresUrl();
    cleanups.push(drop);
    env.DATABASE_URL = url;
  }
  // Set up as a user does: an organization and a connection to the endpoint, from the CLI.
  expect((await inPipe(["org", "create", "Shop"])).code).toBe(0);
  const created = await inPipe(["connection", "create", "--org", "shop", "--plugin", "json-http", "--name", "Reports",
    ...Object.entries({ ...emu.config, pageSize: 50 }).flatMap(([k, v]) => ["--set", `${k}=${v}`])]);
  expect([created.code, created.stderr]).toEqual([0, ""]);
}, 300_000);

// 100 days in 4 windows of at most 31, 4 ads a day: 400 rows in pages of 50.
const SYNC = ["sync", "Reports", "--org", "shop", "--start", "2024-01-01", "--end", "2024-04-09"];

describe("liftgate sync at a terminal", { timeout: 300_000 }, () => {
  it("draws the bar with retry warnings as readable lines above it, never inside it, and never an ETA of NFs", async () => {
    emu.set({ faults: { rateLimitEvery: 3, retryAfterSeconds: 1, errorEvery: 5 } });
    const from = emu.requests.length;
    const r = await runOnTerminal(liftgateArgs(...SYNC), env);
    const [throttled, failed] = refused(from);
    expect(r.code).toBe(0);
    expect(throttled).toBeGreaterThanOrEqual(3);
    expect(failed).toBeGreaterThanOrEqual(1);
    expect(r.output).not.toMatch(/NFs|NaN|undefined/);

    // Every bar the terminal was sent (each redraw starts at column 1 and clears the rest of the line) is whole.
    // eslint-disable-next-line no-control-regex
    const drawn = [...r.output.matchAll(/\x1b\[1G([█░][^\x1b]*)\x1b\[0K/gu)].map((m) => m[1]!);
    expect(drawn.length).toBeGreaterThanOrEqual(3);
    expect(drawn.filter((b) => !BAR.test(b))).toEqual([]);
    expect(drawn.at(-1)).toMatch(/^█{40} 100% \| finished daily window 4\/4 \| 400 read, 400 written, 0 rejected \| ETA 0s$/u);

    // What the screen shows at the end: each warning on a line of its own (human-readable, not JSON),
    // one final bar, then the result. A warning written into the bar would leave a line matching none.
    const screen = screenOf(r.output).filter(Boolean);
    const kinds = screen.map((l) => (PRETTY_WARN.test(l) ? "warn" : RATE_LIMITED.test(l) ? "rate" : BAR.test(l) ? "bar" : RESULT.test(l) ? "result" : `?? ${l}`));
    expect(kinds.filter((k) => k.startsWith("??"))).toEqual([]);
    expect(kinds.filter((k) => k === "warn").length).toBe(throttled! + failed!);
    expect(kinds.filter((k) => k === "rate").length).toBe(throttled);
    expect(kinds.slice(-2)).toEqual(["bar", "result"]);
    expect(kinds.filter((k) => k === "bar").length).toBe(1);
  });

  it("writes JSON log lines above the bar with LOG_FORMAT=json", async () => {
    emu.set({ faults: { rateLimitEvery: 4, retryAfterSeconds: 0 } });
    const from = emu.requests.length;
    const r = await runOnTerminal(liftgateArgs(...SYNC), { ...env, LOG_FORMAT: "json" });
    const [throttled] = refused(from);
    expect(r.code).toBe(0);
    const screen = screenOf(r.output).filter(Boolean);
    const json = screen.filter((l) => l.startsWith("{"));
    expect(json.map((l) => JSON.parse(l) as { level: number; msg: string }).map((j) => [j.level, /^JSON endpoint .* \(HTTP 429: Too many requests\); retrying in 0 ms$/.test(j.msg)]))
      .toEqual(Array.from({ length: throttled! }, () => [40, true]));
    expect(screen.filter((l) => !l.startsWith("{") && !RATE_LIMITED.test(l) && !BAR.test(l) && !RESULT.test(l))).toEqual([]);
    expect(screen.slice(-2).map((l) => BAR.test(l) || RESULT.test(l))).toEqual([true, true]);
  });
});

describe("liftgate sync in a pipe", { timeout: 300_000 }, () => {
  it("draws no bar and logs the retry warnings as JSON lines", async () => {
    emu.set({ faults: { rateLimitEvery: 4, retryAfterSeconds: 0 } });
    const from = emu.requests.length;
    const r = await inPipe(SYNC);
    const [throttled] = refused(from);
    expect([r.code, r.stdout.trimEnd(), r.code ? r.stderr : ""]).toEqual([0, expect.stringMatching(RESULT), ""]);
    expect(r.stderr).not.toMatch(/[█░]|\x1b\[/u); // eslint-disable-line no-control-regex
    const lines = r.stderr.trimEnd().split("\n");
    const logs = lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { level: number; msg: string; runId: string });
    expect(logs.map((j) => [j.level, /\(HTTP 429: Too many requests\); retrying in 0 ms$/.test(j.msg), typeof j.runId])).toEqual(Array.from({ length: throttled! }, () => [40, true, "string"]));
    // The rest: one line per window and per throttle, as --no-progress prints them.
    expect(lines.filter((l) => !l.startsWith("{")).map((l) => l.replace(/ \(.*/, "").replace(/^rate limited:.*/, "rate limited")).sort())
      .toEqual([...Array.from({ length: throttled! }, () => "rate limited"), "window 1/4 2024-01-01..2024-01-31", "window 2/4 2024-02-01..2024-03-02", "window 3/4 2024-03-03..2024-04-02", "window 4/4 2024-04-03..2024-04-09"]);
  });
});

import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJsonHttpEmulator, type JsonHttpEmulator } from "../../src/plugins/json-http/json-http-emulator.js";
import { liftgateArgs } from "../helpers/cli.js";
import { createPostgresUrl, testDriver } from "../helpers/db.js";

// `liftgate connection …`, `doctor`, `sync` and `import` as a user runs them in a second terminal while
// `liftgate serve` runs: on the embedded database the server performs them (admin channel), on
// PostgreSQL they write to the shared database; either way the server's API shows the result at once.
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

const dir = mkdtempSync(join(tmpdir(), "liftgate-beside-"));
cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
const data = join(dir, "data");
const env: Record<string, string | undefined> = {
  LIFTGATE_DATA_DIR: data, DATABASE_URL: "", LIFTGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex"), LIFTGATE_PLUGINS: "",
  OUTBOUND_ALLOW_HOSTS: "127.0.0.1", LIFTGATE_SCHEDULER: "false", LOG_LEVEL: "", LOG_FORMAT: "json", NO_COLOR: "1",
  PORT: "0", HOST: "127.0.0.1", OPENAI_API_KEY: "", PINECONE_API_KEY: "",
};
const embedded = testDriver === "pglite";

const liftgate = (args: string[], extra: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
    execFile(process.execPath, liftgateArgs(...args), { env: { ...process.env, ...env, ...extra } }, (e, stdout, stderr) => r({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr })));

let emu: JsonHttpEmulator;
let key = "";
let server: { child: ChildProcess; url: string; port: number; output: () => string };

const gql = async (query: string) =>
  ((await (await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query }) })).json()) as { data: any }).data;
const connections = async () => ((await gql("{ connections(first: 20) { edges { node { name pluginId status secretsSet } } } }")).connections.edges.map((e: { node: { name: string } }) => e.node) as { name: string }[]).sort((a, b) => a.name.localeCompare(b.name));
const endpoint = () => Object.entries({ ...emu.config, pageSize: 500 }).flatMap(([k, v]) => ["--set", `${k}=${v}`]);

/** A free port, to start the server on with --port as a user picks one. */
const freePort = () => new Promise<number>((r) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address() as AddressInfo; s.close(() => r(port)); });
});

async function serve(): Promise<typeof server> {
  const port = await freePort();
  const child = spawn(process.execPath, liftgateArgs("serve", "--port", String(port), "--host", "127.0.0.1"), { env: { ...process.env, ...env, LOG_LEVEL: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  cleanups.push(() => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = await new Promise<string>((ok, fail) => {
    const timer = setInterval(() => { const m = /liftgate is listening on (\S+)/.exec(output); if (m) { clearInterval(timer); ok(m[1]!); } }, 200);
    child.once("exit", (code) => { clearInterval(timer); fail(new Error(`serve exited ${code}: ${output}`)); });
  });
  return { child, url, port, output: () => output };
}

beforeAll(async () => {
  emu = await startJsonHttpEmulator({ campaigns: 1, adsPerCampaign: 2, lastDate: "2030-12-31" });
  cleanups.push(() => emu.close());
  if (!embedded) {
    const { url, drop } = await createPostgresUrl();
    cleanups.push(drop);
    env.DATABASE_URL = url;
  }
}, 120_000);

describe("the CLI without a server", { timeout: 300_000 }, () => {
  it("creates an organization and a connection on the configured database", async () => {
    const org = await liftgate(["org", "create", "Shop"]);
    expect(org.code).toBe(0);
    key = /admin key \(shown once\): (lg_\S+)/.exec(org.stdout)![1]!;
    const created = await liftgate(["connection", "create", "--org", "shop", "--plugin", "json-http", "--name", "Before", ...endpoint()]);
    expect([created.code, created.stdout, created.stderr]).toEqual([0, expect.stringMatching(/^connection [0-9a-f-]{36} \(json-http, active\)\n$/), ""]);
  });
});

describe("the CLI beside a running server", { timeout: 300_000 }, () => {
  it("starts the server with --port and --host; its API lists the connection made without it", async () => {
    server = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/graphql`);
    expect(await connections()).toEqual([{ name: "Before", pluginId: "json-http", status: "active", secretsSet: ["token"] }]);
  });

  it("connection create, list, test, pause and resume: the server's API shows each change at once", async () => {
    const created = await liftgate(["connection", "create", "--org", "shop", "--plugin", "json-http", "--name", "Beside", "--schedule", "every 6h", ...endpoint()]);
    expect([created.code, created.stderr]).toEqual([0, ""]);
    const id = /^connection ([0-9a-f-]{36}) \(json-http, active\)\n$/.exec(created.stdout)![1]!;
    expect((await connections()).map((c) => c.name)).toEqual(["Before", "Beside"]);

    const listed = await liftgate(["connection", "list", "--org", "shop"]);
    expect([listed.code, listed.stdout.split("\n").filter(Boolean).map((l) => l.replace(/^[0-9a-f-]{36}/, "<id>")).sort()]).toEqual([0, [
      "<id>  Before  json-http  active  schedule none  secrets token",
      "<id>  Beside  json-http  active  schedule every 6h  secrets token",
    ]]);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(emu.config.token as string);

    const seen = emu.requests.length;
    const tested = await liftgate(["connection", "test", "Beside", "--org", "shop"]);
    expect([tested.code, tested.stdout]).toEqual([0, "ok: Beside (json-http) accepted the credentials\n"]);
    expect(emu.requests.length).toBeGreaterThan(seen);

    const paused = await liftgate(["connection", "pause", "Beside", "--org", "shop"]);
    expect([paused.code, paused.stdout]).toEqual([0, `Beside (${id}) is paused\n`]);
    expect((await connections()).map((c) => [c.name, (c as { status?: string }).status])).toEqual([["Before", "active"], ["Beside", "paused"]]);
    const resumed = await liftgate(["connection", "resume", id, "--org", "shop"]);
    expect([resumed.code, resumed.stdout]).toEqual([0, `Beside (${id}) is active\n`]);
    expect((await connections()).map((c) => (c as { status?: string }).status)).toEqual(["active", "active"]);

    // On the embedded database each command was performed by the server, not behind its back.
    const performed = server.output().split("\n").filter((l) => l.includes("admin channel: running a CLI command")).map((l) => JSON.parse(l).command);
    expect(performed).toEqual(embedded ? ["connection create", "connection list", "connection test", "connection pause", "connection resume"] : []);
  });

  it("sync and import: the server's API shows the run and the facts at once; a re-import needs --force", async () => {
    const sync = await liftgate(["sync", "Beside", "--org", "shop", "--start", "2024-01-01", "--end", "2024-01-05"]);
    expect([sync.code, sync.stdout]).toEqual([0, expect.stringMatching(/^run [0-9a-f-]{36} succeeded: 10 read, 10 facts written, 3 entities, 0 rejected\n$/)]);
    const runs = (await gql("{ syncRuns(first: 5) { edges { node { status trigger recordsWritten } } } }")).syncRuns.edges.map((e: any) => e.node);
    expect(runs).toEqual([{ status: "succeeded", trigger: "cli", recordsWritten: 10 }]);

    const csv = join(dir, "spend.csv");
    writeFileSync(csv, "Day,Campaign,Cost,Currency\n13/03/2024,Spring,12.50,EUR\n14/03/2024,Spring,7.25,EUR\n");
    const rejected = await liftgate(["import", csv, "--platform", "meta", "--org", "shop"]);
    expect([rejected.code, rejected.stderr]).toEqual([1, "liftgate: nothing was loaded; fix the options (e.g. --date-format, --column) and import the file again.\n"]);
    const loaded = await liftgate(["import", csv, "--platform", "meta", "--org", "shop", "--date-format", "DD/MM/YYYY"]);
    expect([loaded.code, loaded.stdout]).toEqual([0, expect.stringMatching(/^Imported spend\.csv: 2 rows read, 2 loaded, 0 rejected \(batch [0-9a-f-]{36}\)\.\n$/)]);
    const again = await liftgate(["import", csv, "--platform", "meta", "--org", "shop", "--date-format", "DD/MM/YYYY"]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringMatching(/^This file was already imported \(batch [0-9a-f-]{36}, .*, 2 rows loaded\); nothing changed\. Use --force to load it again\.\n$/)]);
    const forced = await liftgate(["import", csv, "--platform", "meta", "--org", "shop", "--date-format", "DD/MM/YYYY", "--force"]);
    expect([forced.code, forced.stdout]).toEqual([0, expect.stringMatching(/^Imported spend\.csv: 2 rows read, 2 loaded, 0 rejected/)]);
    // 10 synced facts and the 2 imported days, not doubled by the forced import.
    expect((await gql("{ facts(first: 1) { totalCount } }")).facts.totalCount).toBe(12);
  });

  it("doctor names the server that holds the folder and its port", async () => {
    const doctor = await liftgate(["doctor"], { PORT: String(server.port) });
    const lines = doctor.stdout.split("\n").filter(Boolean);
    const check = (what: string) => lines.find((l) => l.slice(6, 17).trim() === what);
    expect(doctor.code).toBe(0);
    if (embedded) {
      expect(check("data folder")).toBe(`ok    data folder  ${data} held by the server (pid ${server.child.pid}, ${server.url})`);
      expect(check("database")).toBe("ok    database     PGlite, open in that server (ready; it applied the migrations at start)");
    } else {
      const { host } = new URL(process.env.TEST_DATABASE_URL!); // CI's server may listen on another port than 55432
      expect(check("database")).toMatch(new RegExp(`^ok    database     PostgreSQL at ${host.replace(/\./g, "\\.")}/liftgate_t_[0-9a-f]+ answers$`));
      expect(check("migrations")).toMatch(/^ok    migrations   current \(\d+ applied\)$/);
    }
    expect(check("port")).toBe(`ok    port         127.0.0.1:${server.port} ${embedded ? `in use by the liftgate server (pid ${server.child.pid})` : "in use by a liftgate server (it answers /readyz)"}`);
  });

  it("the server stops on SIGTERM; the CLI then works on its own again", async () => {
    server.child.kill("SIGTERM");
    const code = await new Promise((r) => server.child.once("close", r));
    expect(code).toBe(0);
    const listed = await liftgate(["connection", "list", "--org", "shop"]);
    expect([listed.code, listed.stdout.split("\n").filter(Boolean).map((l) => l.split("  ").slice(1, 4).join(" ")).sort()]).toEqual([0, ["Before json-http active", "Beside json-http active"]]);
  });
});

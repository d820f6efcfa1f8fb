import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { liftgateArgs } from "../helpers/cli.js";

// `liftgate connection …` and `liftgate doctor` as a user runs them without a server, on their own embedded database.
// (Beside a running server they go through its admin channel: test/e2e/embedded-folder.test.ts.)
const dir = mkdtempSync(join(tmpdir(), "liftgate-cli-ops-"));
const env = { ...process.env, LIFTGATE_DATA_DIR: dir, DATABASE_URL: "", LIFTGATE_ENCRYPTION_KEY: "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", LOG_FORMAT: "json", NO_COLOR: "1", OPENAI_API_KEY: "", PINECONE_API_KEY: "", LIFTGATE_PLUGINS: "", OUTBOUND_ALLOW_HOSTS: "127.0.0.1" };
const liftgate = (args: string[], extra: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
    execFile(process.execPath, liftgateArgs(...args), { env: { ...env, ...extra } }, (e, stdout, stderr) => r({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr })));

// A JSON report endpoint as the json-http plugin documents it: bearer token, account_id, start/end, limit.
const seen: IncomingMessage[] = [];
const endpoint = createServer((req, res) => {
  seen.push(req);
  const ok = req.headers.authorization === "Bearer t0ps3cret" && new URL(req.url!, "http://x").searchParams.get("account_id") === "acct_1";
  res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(ok ? { data: [], next_cursor: null } : { error: "invalid token" }));
});
afterAll(() => {
  endpoint.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("liftgate connection and doctor without a server", () => {
  it("creates a connection with an encrypted secret, tests it against the endpoint, refuses a sandbox sync whose emulator is down, and doctor reports the folder", { timeout: 600_000 }, async () => {
    await new Promise<void>((r) => endpoint.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
    expect((await liftgate(["org", "create", "Shop"])).code).toBe(0);

    const created = await liftgate(["connection", "create", "--org", "shop", "--plugin", "json-http", "--name", "Sandbox JSON",
      "--set", `baseUrl=${base}`, "--set", "path=/report", "--set", "token=t0ps3cret", "--set", "accountId=acct_1", "--set", "currency=USD"]);
    expect([created.code, created.stderr]).toEqual([0, ""]);
    expect(created.stdout).toMatch(/^connection [0-9a-f-]{36} \(json-http, active\)\n$/);

    const tested = await liftgate(["connection", "test", "Sandbox JSON", "--org", "shop"]);
    expect([tested.code, tested.stdout]).toEqual([0, "ok: Sandbox JSON (json-http) accepted the credentials\n"]);
    expect(seen.map((r) => [r.headers.authorization, new URL(r.url!, base).pathname])).toEqual([["Bearer t0ps3cret", "/report"]]);

    // The emulator (here: the endpoint) is gone, as sandbox emulators are when `serve --demo` is not running.
    await new Promise((r) => endpoint.close(r));
    const sync = await liftgate(["sync", "Sandbox JSON", "--org", "shop"]);
    expect([sync.code, sync.stderr]).toEqual([1, `liftgate: This connection points at ${base}, which does not answer. Sandbox connections read from emulators that run inside the server: start it with \`npm start\` (liftgate serve --demo) and run this command again — the server performs it.\n`]);

    // doctor: the folder is free, its database migrated, the key file made by the stored secret; the port is taken.
    const busy = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => busy.once("listening", r));
    const port = (busy.address() as AddressInfo).port;
    const doctor = await liftgate(["doctor"], { PORT: String(port) });
    busy.close();
    expect(doctor.code).toBe(1);
    const lines = doctor.stdout.split("\n").filter(Boolean);
    expect(lines.map((l) => l.slice(0, 19))).toEqual([
      "ok    node         ", "ok    config       ", "ok    data folder  ", "ok    database     ", "ok    migrations   ", "ok    encryption   ", "FAIL  port         ", "ok    plugins      ", "ok    openai       ", "ok    pinecone     ",
    ]);
    expect(lines.slice(2)).toEqual([
      `ok    data folder  ${dir} free (lock file ${join(dir, "liftgate.lock")})`,
      "ok    database     PGlite opens (with the vector extension)",
      `ok    migrations   current (${JSON.parse(readFileSync("drizzle/meta/_journal.json", "utf8")).entries.length} applied)`,
      `ok    encryption   key file ${join(dir, "encryption.key")}`,
      `FAIL  port         127.0.0.1:${port}: in use by another program; choose another with PORT or \`liftgate serve --port\``,
      "ok    plugins      csv, google-ads, json-http, klaviyo, meta-ads, tiktok-ads",
      "ok    openai       not set: local embeddings and the rule-based `ask` parser",
      "ok    pinecone     not set: vectors stay in the database",
    ]);
  });
});

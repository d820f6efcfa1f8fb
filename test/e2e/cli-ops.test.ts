import { afterAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// `liftgate doctor` and `liftgate connection …` as a user runs them, on their own embedded database.
const dir = mkdtempSync(join(tmpdir(), "liftgate-cli-ops-"));
const env = { ...process.env, LIFTGATE_DATA_DIR: dir, DATABASE_URL: "", LOG_LEVEL: "warn", LOG_FORMAT: "json", NO_COLOR: "1", OPENAI_API_KEY: "", PINECONE_API_KEY: "", LIFTGATE_PLUGINS: "" };
const liftgate = (...args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((r) =>
    execFile(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { env }, (e, stdout, stderr) => r({ code: e ? Number((e as { code?: number }).code) : 0, stdout, stderr })));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("liftgate doctor and connection commands", () => {
  it("doctor reports every check; connections are created, listed, paused; a sandbox sync without the server says what to do", { timeout: 1_200_000 }, async () => {
    const doctor = await liftgate("doctor");
    expect(doctor.code).toBe(0);
    expect(doctor.stdout.split("\n").filter(Boolean).map((l) => l.slice(0, 19))).toEqual([
      "ok    node         ", "ok    config       ", "ok    data folder  ", "ok    database     ", "ok    plugins      ", "ok    openai       ", "ok    pinecone     ",
    ]);
    expect(doctor.stdout).toContain(`ok    data folder  ${dir} free`);
    expect(doctor.stdout).toContain("ok    plugins      csv, google-ads, json-http, klaviyo, meta-ads, tiktok-ads");

    expect((await liftgate("org", "create", "Shop")).code).toBe(0);
    const created = await liftgate("connection", "create", "--org", "shop", "--plugin", "json-http", "--name", "Sandbox JSON",
      "--set", "baseUrl=http://127.0.0.1:9", "--set", "path=/report", "--set", "token=t0ps3cret", "--set", "accountId=acct_1", "--set", "currency=USD");
    expect(created.code).toBe(0);
    const id = /^connection ([0-9a-f-]{36}) \(json-http, active\)\n$/.exec(created.stdout)![1];
    expect((await liftgate("connection", "pause", "Sandbox JSON", "--org", "shop")).stdout).toBe(`Sandbox JSON (${id}) is paused\n`);
    const listed = await liftgate("connection", "list", "--org", "shop");
    expect(listed.stdout).toBe(`${id}  Sandbox JSON  json-http  paused  schedule none  secrets token\n`);

    const sync = await liftgate("sync", "Sandbox JSON", "--org", "shop");
    expect([sync.code, sync.stderr]).toEqual([1, "liftgate: This connection points at http://127.0.0.1:9, which does not answer. Sandbox connections read from emulators that run inside the server: start it with `npm start` (liftgate serve --demo) and run this command again — the server performs it.\n"]);
    const bad = await liftgate("connection", "create", "--org", "shop", "--plugin", "nope", "--name", "x");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^liftgate: .*nope/);
  });
});

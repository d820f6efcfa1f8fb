import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syncEngineOf } from "../../src/sync/sync-engine.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// A tenant admin must not read the gateway host's files through a csv connection: only files inside the operator's
// IMPORT_DIR are read, and no answer quotes a file beyond the cells of a data row.
const root = mkdtempSync(join(tmpdir(), "liftgate-importdir-"));
const dataDir = join(root, "data");
const importDir = join(root, "imports");
mkdirSync(join(importDir, "exports"), { recursive: true });
mkdirSync(dataDir);
writeFileSync(join(importDir, "exports", "meta.csv"), "Day,Campaign name,Amount spent (USD),Clicks\n2024-03-01,Spring,10.50,3\n2024-03-02,Spring,4.25,1\n");
writeFileSync(join(importDir, "big.csv"), `Day,Campaign,Spend\n${"2024-03-01,A,1\n".repeat(200)}`);
symlinkSync(join(importDir, "exports", "meta.csv"), join(importDir, "latest.csv"));
symlinkSync(join(dataDir, "encryption.key"), join(importDir, "key.csv"));
symlinkSync("/etc/passwd", join(importDir, "passwd.csv"));
symlinkSync("/dev/zero", join(importDir, "zero.csv"));
symlinkSync(dataDir, join(importDir, "data-link"));
execFileSync("mkfifo", [join(importDir, "pipe.csv")]);

let server: TestServer;
let plain: TestServer;
let admin: string;
let plainAdmin: string;
const bodies: string[] = [];

const CREATE = `mutation($input: CreateConnectionInput!) { createConnection(input: $input) { id } }`;
const TEST = `mutation($id: ID!) { testConnection(id: $id) { ok reason } }`;
const SYNC = `mutation($i: StartSyncInput!) { startSync(input: $i) { id } }`;
const RUN = `query($id: ID!) { syncRun(id: $id) { status error errorCode recordsWritten recordsRejected rejects { counts { reason count } } } }`;

async function call(s: TestServer, key: string, query: string, variables?: Record<string, unknown>) {
  const r = await gql(s.url, key, query, variables);
  bodies.push(JSON.stringify(r));
  return r;
}
async function probe(path: string, s = server, key = admin) {
  const created = await call(s, key, CREATE, { input: { pluginId: "csv", name: `probe ${path}`, config: { path, platform: "meta", defaultCurrency: "USD" } } });
  const id = created.data!.createConnection.id as string;
  const test = (await call(s, key, TEST, { id })).data!.testConnection as { ok: boolean; reason: string | null };
  const runId = (await call(s, key, SYNC, { i: { connectionId: id, range: { start: "2024-03-01", end: "2024-03-31" } } })).data!.startSync.id as string;
  await (await syncEngineOf(s.app)).wait(runId);
  const run = (await call(s, key, RUN, { id: runId })).data!.syncRun;
  return { test, run };
}

beforeAll(async () => {
  server = await startTestServer({ LIFTGATE_DATA_DIR: dataDir, IMPORT_DIR: importDir, IMPORT_MAX_BYTES: "2000" });
  plain = await startTestServer({ LIFTGATE_DATA_DIR: dataDir });
  admin = await (await server.createOrg("Acme")).key("admin");
  plainAdmin = await (await plain.createOrg("Acme")).key("admin");
  // The secret box writes its key file when the first connection is sealed.
  await call(server, admin, CREATE, { input: { pluginId: "csv", name: "warm", config: { path: "exports/meta.csv", platform: "meta" } } });
});
afterAll(async () => {
  for (const s of [server, plain]) { await (await syncEngineOf(s.app)).shutdown(); await s.close(); }
});

const refused = (reason: string) => ({ test: { ok: false, reason }, run: { status: "failed", error: reason, errorCode: "BAD_USER_INPUT", recordsWritten: 0, recordsRejected: 0, rejects: { counts: [] } } });
const fix = " Fix the connection's configuration, then run testConnection.";

describe("csv connections read only inside IMPORT_DIR", () => {
  it("reads a file inside the import directory, by relative path, absolute path or a symlink that stays inside", async () => {
    for (const path of ["exports/meta.csv", join(importDir, "exports", "meta.csv"), "latest.csv", "./exports/../exports/meta.csv"]) {
      const r = await probe(path);
      expect(r.test).toEqual({ ok: true, reason: null });
      expect(r.run).toMatchObject({ status: "succeeded", error: null, recordsWritten: 2, recordsRejected: 0 });
    }
  });

  it.each([
    ["/proc/self/environ", 'The path /proc/self/environ is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".'],
    ["/etc/passwd", 'The path /etc/passwd is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".'],
    ["/dev/zero", 'The path /dev/zero is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".'],
    [join(dataDir, "encryption.key"), `The path ${join(dataDir, "encryption.key")} is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".`],
    ["../data/encryption.key", 'The path "../data/encryption.key" is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".'],
    ["exports/../../data/encryption.key", 'The path "exports/../../data/encryption.key" is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".'],
    ["key.csv", 'The path "key.csv" leads outside the import directory (a symbolic link); give a path to a file inside it.'],
    ["passwd.csv", 'The path "passwd.csv" leads outside the import directory (a symbolic link); give a path to a file inside it.'],
    ["zero.csv", 'The path "zero.csv" leads outside the import directory (a symbolic link); give a path to a file inside it.'],
    ["data-link/encryption.key", 'The path "data-link/encryption.key" leads outside the import directory (a symbolic link); give a path to a file inside it.'],
    ["pipe.csv", 'The path "pipe.csv" is not a regular file.'],
    ["exports", 'The path "exports" is not a regular file.'],
    ["missing.csv", 'No such file in the import directory: "missing.csv".'],
    ["big.csv", 'The file "big.csv" is 3019 bytes, over the limit of 2000 (IMPORT_MAX_BYTES).'],
  ])("refuses %s without reading it", async (path, reason) => {
    expect(await probe(path)).toEqual(refused(reason + fix));
  });

  it("refuses every server path when IMPORT_DIR is not set", async () => {
    const off = "Reading files on the gateway's disk is off. The operator enables it by setting IMPORT_DIR to a folder; paths are then read inside that folder only. To load a file yourself, upload it (importCsv or POST /imports/csv)." + fix;
    for (const path of ["/etc/passwd", join(importDir, "exports", "meta.csv"), "/dev/zero"]) expect(await probe(path, plain, plainAdmin)).toEqual(refused(off));
  });

  it("never quotes the lines of a file it cannot map", async () => {
    writeFileSync(join(importDir, "partial-header.csv"), "Date,Spend,s3cr3t-token-value\n2024-03-01,1,2\n");
    writeFileSync(join(importDir, "no-header.csv"), "s3cr3t-token-value,other\n1,2\n");
    const partial = await probe("partial-header.csv");
    expect(partial.test).toEqual({ ok: false, reason: "Cannot find the campaign column in the header (3 columns). Rename the column or name it explicitly in the connection's columns." });
    expect(partial.run).toMatchObject({ status: "failed", error: "Cannot find the campaign column in the header (3 columns). Rename the column or name it explicitly in the connection's columns." + fix });
    const none = await probe("no-header.csv");
    expect(none.test.reason).toMatch(/^No header row found in the first 2 lines\. A header needs a date column/);
    expect(none.run.status).toBe("failed");
  });

  it("rejects rows with NUL bytes or bytes that are not UTF-8 one by one, loading the others", async () => {
    writeFileSync(join(importDir, "binary.csv"), Buffer.concat([
      Buffer.from("Day,Campaign,Spend\n2024-03-01,A,1.5\n2024-03-02,B\0x,2\n"), Buffer.from([0x32, 0x30, 0x32, 0x34, 0x2d, 0x30, 0x33, 0x2d, 0x30, 0x33, 0x2c, 0xff, 0xfe, 0x2c, 0x33, 0x0a]),
      Buffer.from("2024-03-04,D,4\n"),
    ]));
    const r = await probe("binary.csv");
    const reason = "the row holds a NUL byte or bytes that are not UTF-8 text; save the file as UTF-8";
    expect(r.run).toMatchObject({ status: "succeeded", recordsWritten: 2, recordsRejected: 2, rejects: { counts: [{ reason: `line 3: ${reason}`, count: 1 }, { reason: `line 4: ${reason}`, count: 1 }] } });
  });

  it("no answer carried the content of a host file", () => {
    const all = bodies.join("\n");
    const key = readFileSync(join(dataDir, "encryption.key"), "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(all).not.toContain(key);
    expect(all).not.toContain("root:x:0:0");
    expect(all).not.toContain(process.env.PATH!);
    expect(all).not.toContain("s3cr3t-token-value");
    // Nor Node's own error text: a folder ("exports") is refused by name, never with EISDIR.
    expect(all).not.toMatch(/EISDIR|ENOENT|ENOTDIR|ELOOP|EACCES|illegal operation/);
  });
});

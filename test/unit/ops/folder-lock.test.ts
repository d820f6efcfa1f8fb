import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireFolderLock, FolderLocked, readFolderLock } from "../../../src/db/folder-lock.js";

const dir = mkdtempSync(join(tmpdir(), "liftgate-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("data folder lock", () => {
  it("writes the holder (mode 0600), refuses a second taker naming it, and frees the folder on release", () => {
    const lock = acquireFolderLock(join(dir, "a"), "server");
    lock.update({ url: "http://127.0.0.1:4000/graphql" });
    expect(statSync(lock.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lock.path, "utf8"))).toMatchObject({ pid: process.pid, role: "server", url: "http://127.0.0.1:4000/graphql" });
    let error: unknown;
    try { acquireFolderLock(join(dir, "a"), "org create"); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(FolderLocked);
    expect((error as Error).message).toMatch(new RegExp(`^The data folder ${join(dir, "a")} is in use by a liftgate server \\(pid ${process.pid}, http://127\\.0\\.0\\.1:4000/graphql\\) since `));
    lock.release();
    expect(readFolderLock(join(dir, "a"))).toBeNull();
    acquireFolderLock(join(dir, "a"), "org create").release();
  });

  it("takes over a lock whose process is gone", () => {
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    writeFileSync(join(dir, "liftgate.lock"), JSON.stringify({ pid: dead, role: "server", hostname: hostname(), startedAt: "2026-01-01T00:00:00.000Z" }));
    expect(readFolderLock(dir)).toBeNull();
    const lock = acquireFolderLock(dir, "key list");
    expect(readFolderLock(dir)).toMatchObject({ pid: process.pid, role: "key list" });
    lock.release();
  });
});

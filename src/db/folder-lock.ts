import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** Who holds an embedded data folder: written to `<dataDir>/liftgate.lock` (mode 0600). */
export interface LockHolder {
  pid: number;
  /** "server" for `liftgate serve`, otherwise the CLI command, e.g. "org create". */
  role: string;
  /** The server's GraphQL URL once it listens. */
  url?: string;
  /** The server's admin socket once it accepts CLI commands (see src/cli/admin-channel.ts). */
  socket?: string;
  hostname: string;
  startedAt: string;
}

export interface FolderLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Record the URL and admin socket once the server has them. */
  update(patch: Partial<Pick<LockHolder, "url" | "socket">>): void;
  /** Remove the lock if it is still ours. */
  release(): void;
}

export class FolderLocked extends Error {
  override name = "FolderLocked";
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(describeHolder(dataDir, holder));
  }
}

export const lockPath = (dataDir: string) => join(resolve(dataDir), "liftgate.lock");

/** The live holder of a data folder, or null when it is free or its holder died (a stale lock). */
export function readFolderLock(dataDir: string): LockHolder | null {
  const holder = readHolder(lockPath(dataDir));
  return holder && isAlive(holder) ? holder : null;
}

/**
 * Take the one-writer lock on an embedded data folder (PGlite is single-process: two processes on
 * one folder corrupt it or lose writes). Throws FolderLocked naming the live holder; a lock left
 * by a process that died (kill -9, power loss) is taken over.
 */
export function acquireFolderLock(dataDir: string, role: string): FolderLock {
  mkdirSync(resolve(dataDir), { recursive: true });
  const path = lockPath(dataDir);
  const holder: LockHolder = { pid: process.pid, role, hostname: hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // O_EXCL: exactly one process creates the file.
      const fd = openSync(path, "wx", 0o600);
      try { writeSync(fd, JSON.stringify(holder)); } finally { closeSync(fd); }
      return lockHandle(path, holder);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const current = readHolder(path);
    if (current && isAlive(current)) throw new FolderLocked(dataDir, current);
    // Stale (or half-written by a process that died): move it aside, so that of two processes taking
    // it over at once only one succeeds in renaming it, then try the exclusive create again.
    try { renameSync(path, `${path}.stale-${process.pid}`); rmSync(`${path}.stale-${process.pid}`, { force: true }); } catch { /* another process took it over first */ }
  }
  const current = readHolder(path);
  throw current ? new FolderLocked(dataDir, current) : new Error(`Could not lock the data folder ${resolve(dataDir)}; try again.`);
}

function lockHandle(path: string, holder: LockHolder): FolderLock {
  let released = false;
  return {
    path,
    holder,
    update(patch) {
      Object.assign(holder, patch);
      // Write beside and rename: a reader never sees half a file.
      writeFileSync(`${path}.${process.pid}.tmp`, JSON.stringify(holder), { mode: 0o600 });
      renameSync(`${path}.${process.pid}.tmp`, path);
    },
    release() {
      if (released) return;
      released = true;
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
    },
  };
}

function readHolder(path: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(path, "utf8")) as LockHolder;
    return typeof h.pid === "number" ? h : null;
  } catch {
    return null;
  }
}

/** Whether the holder's process still runs (signal 0 checks without sending; EPERM means it exists). */
function isAlive(h: LockHolder): boolean {
  if (h.hostname !== hostname()) return true; // a folder shared over the network: cannot tell, assume held
  if (h.pid === process.pid) return true;
  try {
    process.kill(h.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeHolder(dataDir: string, h: LockHolder): string {
  const who = h.role === "server" ? `a liftgate server (pid ${h.pid}${h.url ? `, ${h.url}` : ", starting"})` : `\`liftgate ${h.role}\` (pid ${h.pid})`;
  return `The data folder ${resolve(dataDir)} is in use by ${who} since ${h.startedAt}. ` +
    (h.role === "server"
      ? "One process writes an embedded database: stop that server first, run this one on another folder (LIFTGATE_DATA_DIR), or use PostgreSQL (DATABASE_URL)."
      : "Wait for it to finish and try again.");
}

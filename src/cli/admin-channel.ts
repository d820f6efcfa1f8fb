import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { App } from "../app.js";
import type { LockHolder } from "../db/folder-lock.js";
import { withIo, type CliIo } from "./io.js";

/**
 * The local admin channel: a Unix socket through which the `liftgate` CLI asks the server that holds an
 * embedded data folder to perform a command for it, instead of writing behind the server's back.
 * Only the folder's owner can use it: the socket lives in a directory of mode 0700 and is itself 0600
 * (Linux checks write permission on connect), and the server checks nothing else.
 *
 * Protocol, one JSON object per line. Client → server: `{argv, cwd}` then optionally `{interrupt: true}`.
 * Server → client: `{out: text}`, `{err: text}`, and last `{exit: code}`.
 */
export interface AdminChannel {
  socket: string;
  close(): Promise<void>;
}

// sun_path holds 108 bytes on Linux (104 on macOS); longer folders get a private directory in /tmp.
const MAX_SOCKET_PATH = 100;

/** Listen for CLI commands on behalf of `app`; `run` executes one command line with the given io. */
export async function startAdminChannel(app: App, dataDir: string, run: (argv: string[]) => Promise<number>): Promise<AdminChannel> {
  let dir = join(resolve(dataDir), "run");
  if (join(dir, "admin.sock").length > MAX_SOCKET_PATH) dir = mkdtempSync(join(tmpdir(), "liftgate-"));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const socket = join(dir, "admin.sock");
  rmSync(socket, { force: true });
  const active = new Set<Socket>();
  const server = createServer((conn) => {
    active.add(conn);
    conn.on("close", () => active.delete(conn));
    conn.on("error", () => {});
    serve(app, conn, run).catch((e: Error) => app.logger.warn({ err: e.message }, "admin channel: request failed"));
  });
  await new Promise<void>((ok, fail) => server.once("error", fail).listen(socket, ok));
  chmodSync(socket, 0o600);
  return {
    socket,
    close: () => new Promise<void>((ok) => {
      for (const c of active) c.destroy();
      server.close(() => ok());
      if (dir !== join(resolve(dataDir), "run")) rmSync(dir, { recursive: true, force: true });
    }),
  };
}

async function serve(app: App, conn: Socket, run: (argv: string[]) => Promise<number>): Promise<void> {
  const lines = createInterface({ input: conn })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) return;
  const request = JSON.parse(first.value) as { argv: string[]; cwd: string };
  const interrupts = new Set<() => void>();
  const interrupt = () => { for (const fn of interrupts) fn(); };
  // Further lines are interrupts; a CLI that goes away (Ctrl-C twice, killed) interrupts too.
  void (async () => {
    for (let l = await lines.next(); !l.done; l = await lines.next()) if (l.value.includes("interrupt")) interrupt();
  })().catch(() => {});
  conn.once("close", interrupt);
  const send = (frame: object) => { if (!conn.destroyed) conn.write(JSON.stringify(frame) + "\n"); };
  const io: CliIo = {
    stdout: (out) => send({ out }),
    stderr: (err) => send({ err }),
    cwd: request.cwd,
    isTTY: false,
    app,
    onInterrupt: (fn) => { interrupts.add(fn); return () => void interrupts.delete(fn); },
    exitCode: 0,
  };
  app.logger.info({ command: request.argv.filter((a) => !a.startsWith("-")).slice(0, 2).join(" ") }, "admin channel: running a CLI command");
  const code = await withIo(io, () => run(request.argv));
  send({ exit: code });
  conn.end();
}

/** Perform `argv` through the server that holds the folder; resolves with the command's exit code. */
export function runThroughServer(holder: LockHolder, argv: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const conn = createConnection(holder.socket!);
    let exit: number | undefined;
    const onSigint = () => {
      if (!conn.destroyed) conn.write(JSON.stringify({ interrupt: true }) + "\n");
      process.once("SIGINT", () => conn.destroy());
    };
    conn.on("connect", () => {
      conn.write(JSON.stringify({ argv, cwd: process.cwd() }) + "\n");
      process.once("SIGINT", onSigint);
    });
    createInterface({ input: conn }).on("line", (l) => {
      const f = JSON.parse(l) as { out?: string; err?: string; exit?: number };
      if (f.out !== undefined) process.stdout.write(f.out);
      if (f.err !== undefined) process.stderr.write(f.err);
      if (f.exit !== undefined) exit = f.exit;
    });
    conn.on("error", (e: NodeJS.ErrnoException) => {
      process.off("SIGINT", onSigint);
      const who = `the liftgate server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ""})`;
      fail(new Error(e.code === "EACCES"
        ? `The data folder is held by ${who}, which runs as another user; only its owner can run commands through it.`
        : `The data folder is held by ${who}, but it does not answer on its admin channel (${e.code}). Stop it (kill ${holder.pid}) and run the command again.`));
    });
    conn.on("close", () => {
      process.off("SIGINT", onSigint);
      if (exit === undefined) fail(new Error(`The liftgate server (pid ${holder.pid}) closed the connection before the command finished; see its log.`));
      else done(exit);
    });
  });
}

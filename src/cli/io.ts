import { AsyncLocalStorage } from "node:async_hooks";
import { resolve } from "node:path";
import type { App } from "../app.js";

/**
 * Where a CLI command reads and writes. In the `liftgate` process it is the terminal; when a running
 * server performs the command for a CLI (the admin channel), it is that CLI's socket, and the command
 * works on the server's App instead of opening the database.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The caller's working directory: relative file paths resolve against it. */
  cwd: string;
  /** Whether stderr is a terminal a progress bar can redraw. */
  isTTY: boolean;
  /** The server's App when the command runs inside a server. */
  app?: App;
  /** Run `fn` when the user interrupts (Ctrl-C); returns an unsubscribe. */
  onInterrupt(fn: () => void): () => void;
  /** Exit code to end with (set by commands that fail without throwing). */
  exitCode: number;
}

const local: CliIo = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  get cwd() { return process.cwd(); },
  get isTTY() { return Boolean(process.stderr.isTTY); },
  onInterrupt(fn) {
    process.once("SIGINT", fn);
    return () => void process.off("SIGINT", fn);
  },
  exitCode: 0,
};

const current = new AsyncLocalStorage<CliIo>();

/** The io of the command running now. */
export const io = (): CliIo => current.getStore() ?? local;

/** Run a command with its own io (the admin channel runs each CLI request this way). */
export const withIo = <T>(cli: CliIo, fn: () => Promise<T>): Promise<T> => current.run(cli, fn);

/** A path the user typed, resolved against their working directory. */
export const userPath = (p: string): string => resolve(io().cwd, p);

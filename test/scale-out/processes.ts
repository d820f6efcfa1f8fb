import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { liftgateArgs } from "../helpers/cli.js";

/** A `liftgate` process started from the sources, as an operator would start the built one. */
export interface LiftgateProcess {
  child: ChildProcess;
  pid: number;
  /** The gateway's GraphQL URL (serve only). */
  url?: string;
  /** A worker's health server (with WORKER_HEALTH_PORT), e.g. http://127.0.0.1:40123. */
  healthUrl?: string;
  /** Resolves when the process exited. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Start `liftgate <args>` with `env` and wait until it says it is ready (the serve banner, or the worker line). */
export function startLiftgate(args: string[], env: Record<string, string>): Promise<LiftgateProcess> {
  const child = spawn(process.execPath, liftgateArgs(...args), {
    env: { ...process.env, NODE_ENV: "test", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`liftgate ${args.join(" ")} did not start in 300 s`)), 300_000);
    void exited.then((e) => reject(new Error(`liftgate ${args.join(" ")} exited at start: ${JSON.stringify(e)}`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const url = /listening on (\S+)/.exec(line)?.[1];
      if (url || /worker is running/.test(line)) {
        clearTimeout(timer);
        resolve({
          child, pid: child.pid!, url, exited, healthUrl: /health on (\S+)\/healthz/.exec(line)?.[1],
          stop: async () => { if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM"); await exited; },
        });
      }
    });
  });
}

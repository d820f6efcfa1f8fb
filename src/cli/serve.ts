import { Command, InvalidArgumentError } from "commander";
import { loadConfig } from "../config.js";
import { createLogger, type Logger } from "../logger.js";
import { startGateway } from "../index.js";
import { bootstrapDemo } from "../demo/bootstrap-demo.js";
import { startAdminChannel } from "./admin-channel.js";
import { runCli } from "./program.js";

const port = (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) > 65535) throw new InvalidArgumentError("expected a port number 0-65535 (0: any free port)");
  return v;
};

/** Keep going when stdout or stderr is gone (`npm start | tee log` and Ctrl-C kills tee first): EPIPE is not fatal. */
function survivePipeLoss(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

const write = (text: string) => {
  if (!process.stdout.destroyed) process.stdout.write(text);
};

/**
 * SIGINT/SIGTERM: drain HTTP and WebSocket, stop syncs, close the database — at most `timeoutMs`,
 * then exit anyway. A second signal exits at once (the embedded database recovers like after a crash).
 */
function onSignals(stop: () => Promise<void>, timeoutMs: number, logger: Logger, release: () => void): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, "second signal: exiting without waiting for the drain");
      release();
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal, timeoutMs }, "shutting down (a second Ctrl-C exits at once)");
    setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown took too long: exiting without finishing the drain");
      release();
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => {
        write("liftgate stopped (HTTP and WebSocket drained, database closed)\n");
        process.exit(0);
      },
      (e: Error) => {
        logger.error({ err: e.message }, "shutdown failed");
        release();
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: signal-exit (a dependency of dependencies) re-raises the signal when it
  // sees no other listener, which would kill the process mid-drain.
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}

export const serveCommand = () =>
  new Command("serve")
    .description("start the GraphQL gateway (HTTP and WebSocket on one port)")
    .option("--demo", "create the sandbox organization on first start and print its key")
    .option("--port <port>", "port to listen on (default: PORT or 4000)", port)
    .option("--host <host>", "address to listen on (default: HOST or 127.0.0.1)")
    .option("--no-worker", "only serve: leave syncs, schedules, training and indexing to `liftgate worker` processes (PostgreSQL only)")
    .action(async (o: { demo?: boolean; port?: string; host?: string; worker: boolean }) => {
      survivePipeLoss();
      const config = loadConfig(process.env, { PORT: o.port, HOST: o.host });
      const logger = createLogger(config.logLevel, undefined, config.logFormat);
      if (!o.worker && !config.databaseUrl) throw new Error("--no-worker needs DATABASE_URL (PostgreSQL): on the embedded database this process is the only one that can run syncs.");
      // Signals are handled from the first moment: one that arrives while the gateway starts stops it once started.
      let release = () => {};
      let stop: () => Promise<void> = async () => {};
      let markStarted!: () => void;
      const started = new Promise<void>((r) => (markStarted = r));
      onSignals(async () => { await started; await stop(); }, config.shutdownTimeoutMs, logger, () => release());
      const gateway = await startGateway(config, logger, { worker: o.worker });
      release = () => gateway.lock?.release();
      // The CLI performs its commands through this server while it holds the embedded folder.
      const channel = gateway.lock ? await startAdminChannel(gateway.app, config.dataDir, runCli) : undefined;
      stop = async () => {
        await channel?.close();
        await gateway.stop();
      };
      markStarted();
      if (channel) gateway.lock!.update({ socket: channel.socket });

      const banner: string[] = [`liftgate is listening on ${gateway.server.url} (${gateway.app.database.driver}${o.worker ? "" : ", no worker"})`];
      if (o.demo) {
        // The sandbox organization, its platform emulators and their first syncs (DESIGN §6).
        const demo = await bootstrapDemo(gateway.app);
        gateway.onStop(() => demo.close());
        banner.push(...demo.lines.map((l) => l.replace(`:${gateway.app.config.port}/graphql`, `:${new URL(gateway.server.url).port}/graphql`)));
        // Background syncs and training log a lot: show the banner again once they are done, where it stays visible.
        void Promise.all([demo.waitForSyncs(), demo.waitForModel()]).then(([syncs, model]) => {
          const failed = Object.values(syncs).filter((s) => s !== "succeeded").length;
          const state = `sandbox ready: ${Object.keys(syncs).length - failed} syncs succeeded${failed ? `, ${failed} did not` : ""}${model ? ", MMM trained" : ""}`;
          write(`\n${[banner[0], state, ...banner.slice(1).filter((l) => !l.startsWith("sandbox connections"))].join("\n")}\n\n`);
        }, () => {});
      }
      // The console (web/) and the explorer: open in a browser and sign in with the key above.
      banner.push(`console: ${new URL("/", gateway.server.url).href} · GraphQL explorer: ${gateway.server.url}`);
      write(`\n${banner.join("\n")}\n\n`);
    });

import { Command } from "commander";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { startGateway } from "../index.js";
import { bootstrapDemo } from "../demo/bootstrap-demo.js";

export const serveCommand = () =>
  new Command("serve")
    .description("start the GraphQL gateway (HTTP and WebSocket on one port)")
    .option("--demo", "create the sandbox organization on first start and print its key")
    .action(async (o: { demo?: boolean }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const gateway = await startGateway(config, logger);
      const banner: string[] = [`liftgate is listening on ${gateway.server.url} (${gateway.app.database.driver})`];
      if (o.demo) {
        // The sandbox organization, its platform emulators and their first syncs (DESIGN §6).
        const demo = await bootstrapDemo(gateway.app);
        gateway.onStop(() => demo.close());
        banner.push(...demo.lines.map((l) => l.replace(`:${gateway.app.config.port}/graphql`, `:${new URL(gateway.server.url).port}/graphql`)));
      }
      process.stdout.write(`\n${banner.join("\n")}\n\n`);
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, "shutting down");
        await gateway.stop();
        process.stdout.write("liftgate stopped (HTTP and WebSocket drained, database closed)\n");
        process.exit(0);
      };
      // `on`, not `once`: signal-exit (a dependency of dependencies) re-raises the signal when it
      // sees no other listener, which would kill the process mid-drain.
      process.on("SIGINT", () => void shutdown("SIGINT"));
      process.on("SIGTERM", () => void shutdown("SIGTERM"));
    });

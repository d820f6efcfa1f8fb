import { Command } from "commander";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { startGateway } from "../index.js";
import { seedDemo } from "./demo-seed.js";

export const serveCommand = () =>
  new Command("serve")
    .description("start the GraphQL gateway (HTTP and WebSocket on one port)")
    .option("--demo", "create the sandbox organization on first start and print its key")
    .action(async (o: { demo?: boolean }) => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const gateway = await startGateway(config, logger);
      const banner: string[] = [`liftgate is listening on ${gateway.server.url} (${gateway.app.database.driver})`];
      if (o.demo) banner.push(...(await seedDemo(gateway.app)));
      process.stdout.write(`\n${banner.join("\n")}\n\n`);
      const shutdown = async (signal: string) => {
        logger.info({ signal }, "shutting down");
        await gateway.stop();
        process.exit(0);
      };
      process.once("SIGINT", () => void shutdown("SIGINT"));
      process.once("SIGTERM", () => void shutdown("SIGTERM"));
    });

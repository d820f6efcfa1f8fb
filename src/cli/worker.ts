import { Command } from "commander";
import { loadConfig } from "../config.js";
import { createLogger } from "../logger.js";
import { startWorker } from "../index.js";

export const workerCommand = () =>
  new Command("worker")
    .description("run jobs (syncs, schedules, memory indexing) from the PostgreSQL job queue; serves no HTTP")
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const worker = await startWorker(config, logger);
      process.stdout.write(`liftgate worker is running (${config.workerConcurrency} jobs at a time${worker.health ? `; health on ${worker.health.url}/healthz and /readyz` : ""})\n`);
      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, "worker shutting down");
        await worker.stop();
        process.stdout.write("liftgate worker stopped\n");
        process.exit(0);
      };
      process.on("SIGINT", () => void shutdown("SIGINT"));
      process.on("SIGTERM", () => void shutdown("SIGTERM"));
    });

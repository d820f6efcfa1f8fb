// The gateway as `liftgate serve` starts it, on DATABASE_URL, without the per-key rate limit (the peer has none); prints its URL as one JSON line.
import "reflect-metadata";
import { loadConfig } from "../../src/config.js";
import { startGateway } from "../../src/index.js";

const gateway = await startGateway(loadConfig({ ...process.env, HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "warn", LIFTGATE_SCHEDULER: "false", RATE_LIMIT_PER_MINUTE: "0" }));
process.stdout.write(`${JSON.stringify({ url: gateway.server.url })}\n`);
process.on("SIGTERM", () => void gateway.stop().then(() => process.exit(0)));

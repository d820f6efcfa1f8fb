import { loadConfig, type Env } from "../../src/config.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { createLogger } from "../../src/logger.js";
import { serveApp, type Gateway } from "../../src/index.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { orgScope } from "../../src/db/scope.js";
import type { ApiKeyRole } from "../../src/db/tables/index.js";
import type { App } from "../../src/app.js";
import { createTestDatabase } from "./db.js";
import { Writable } from "node:stream";

export interface TestOrg {
  orgId: string;
  /** A new key of this org with the given role. */
  key(role?: ApiKeyRole): Promise<string>;
}

export interface TestServer {
  url: string;
  wsUrl: string;
  app: App;
  gateway: Gateway;
  /** Every log line the server wrote, as text (tests search it for secrets). */
  logs: () => string;
  createOrg(name: string): Promise<TestOrg>;
  close(): Promise<void>;
}

/** A real gateway on 127.0.0.1:<random port> over a fresh test database (PGlite or PostgreSQL). */
export async function startTestServer(env: Env = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "debug", LIFTGATE_SCHEDULER: "false", RATE_LIMIT_PER_MINUTE: "0", ...env } as Record<string, string>);
  let logText = "";
  const sink = new Writable({ write(chunk, _enc, done) { logText += chunk.toString(); done(); } });
  const logger = createLogger("debug", sink);
  const app: App = { config, database, logger, events: createEventBus(), jobs: createLocalJobQueue((err, task) => logger.error({ err, task }, "job failed")) };
  const gateway = await serveApp(app);
  let n = 0;
  return {
    url: gateway.server.url,
    wsUrl: gateway.server.wsUrl,
    app,
    gateway,
    logs: () => logText,
    createOrg: async (name) => {
      const org = await createOrganization(database, { name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${++n}` });
      return {
        orgId: org.id,
        key: async (role = "admin") => (await createApiKey(orgScope(database, org.id), { name: `test-${role}`, role })).secret,
      };
    },
    close: () => gateway.stop(),
  };
}

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import type { App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { orgScope } from "../../src/db/scope.js";
import { bootstrapDemo, type Demo } from "../../src/demo/bootstrap-demo.js";
import { addDays } from "../../src/dates.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { serveApp, type Gateway } from "../../src/index.js";
import { createLogger } from "../../src/logger.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { consoleDir } from "../../src/server/console-routes.js";
import { createTestDatabase } from "../helpers/db.js";

/**
 * The sandbox org of `npm start`, made small so the browser tests start in seconds: 150 days (the demo
 * has a year), one campaign per platform, one four-week Meta geo holdout analysed by synthetic control,
 * and the MMM calibrated by it.
 */
const START = "2025-03-01";
export const CONSOLE_WORLD = {
  seed: 7,
  start: START,
  end: addDays(START, 149),
  size: { campaigns: 1, adGroupsPerCampaign: 1, adsPerAdGroup: 1 },
  geoTests: [{ channel: "meta" as const, regions: ["US-GA", "US-NC", "US-WA"], start: addDays(START, 100), end: addDays(START, 127), spendMultiplier: 0 }],
};

export interface ConsoleServer {
  baseUrl: string;
  graphqlUrl: string;
  adminKey: string;
  viewerKey: string;
  demo: Demo;
  modelId: string | null;
  app: App;
  gateway: Gateway;
  close(): Promise<void>;
}

/** A real gateway on a random port serving the built console, with the small sandbox org synced and modelled. */
export async function startConsoleServer(): Promise<ConsoleServer> {
  // `npm test` on a fresh clone has no build: make the console's (CI builds it before the tests).
  if (!existsSync(join(consoleDir(), "index.html"))) execFileSync("npm", ["run", "--silent", "build:web", "--", "--logLevel", "warn"], { stdio: "inherit" });
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), "liftgate-console-"));
  const config = loadConfig({ NODE_ENV: "test", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "silent", LIFTGATE_SCHEDULER: "false", LIFTGATE_DATA_DIR: dataDir });
  const app: App = { config, database, logger: createLogger("silent"), events: createEventBus(), jobs: createLocalJobQueue(() => {}) };
  const gateway = await serveApp(app);
  const demo = await bootstrapDemo(app, { worldOptions: CONSOLE_WORLD });
  await demo.waitForSyncs();
  const modelId = await demo.waitForModel();
  const viewer = await createApiKey(orgScope(database, demo.orgId), { name: "console viewer", role: "viewer" });
  return {
    baseUrl: new URL("/", gateway.server.url).href.replace(/\/$/, ""),
    graphqlUrl: gateway.server.url,
    adminKey: demo.apiKey,
    viewerKey: viewer.secret,
    demo, modelId, app, gateway,
    close: async () => {
      await gateway.stop();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless, with a fresh profile (playwright passes it as --user-data-dir); never a
 * downloaded browser. One context: each test opens its own pages (session storage is per tab).
 */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "liftgate-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

/** Problems a page run must not have: console errors, failed requests, HTTP errors, requests off this server. */
export function watchPage(page: Page, baseUrl: string): string[] {
  const problems: string[] = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console error: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on("request", (r) => { if (!r.url().startsWith(baseUrl) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`off-server request: ${r.url()}`); });
  return problems;
}

/** Screenshots land here (gitignored); CI keeps the folder as an artifact. */
export const SCREENSHOT_DIR = join(process.cwd(), "test-artifacts", "console");
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** A signed-in tab, watched from its first request: the key typed into the sign-in form, as a person does. */
export async function signIn(context: BrowserContext, baseUrl: string, key: string, path = "/overview"): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems = watchPage(page, baseUrl);
  await page.goto(baseUrl + path);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByTestId("org-name").waitFor();
  return { page, problems };
}

import { existsSync } from "node:fs";
import { defineConfig } from "vitest/config";

// Tests that touch SQL run on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is set.
const sqlTests = ["test/db/**/*.test.ts", "test/graphql/**/*.test.ts", "test/contract/**/*.test.ts", "test/sync/**/*.test.ts"];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
// The console's browser tests need a Chromium (Debian's, or CHROMIUM_PATH); a machine with only Node and npm has none,
// so there the project is left out with a notice. CI installs Chromium and sets LIFTGATE_REQUIRE_BROWSER=1 so it never is.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const withBrowser = existsSync(chromium) || process.env.LIFTGATE_REQUIRE_BROWSER === "1";
if (!withBrowser) console.warn(`browser tests left out: no Chromium at ${chromium} (install Debian's chromium or set CHROMIUM_PATH)`);

export default defineConfig({
  // graphql ships ESM (.mjs) and CJS builds; type-graphql requires the CJS one, so tests must too
  // (two instances of graphql break `instanceof` checks: "Cannot determine GraphQL output type").
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    setupFiles: ["test/helpers/setup.ts"],
    globalSetup: ["test/helpers/global-setup.ts"],
    // Two test files at a time, whatever the core count (vitest's default is cores − 1, so one on CI's two cores):
    // most files wait on a database, a child process or a browser more than they compute. Files share nothing:
    // each has its own database, ports, folders and processes (CONTRIBUTING.md, Tests).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      { extends: true, test: { name: "pglite", include: sqlTests, env: { TEST_DRIVER: "pglite" } } },
      ...(onPostgres
        // test/scale-out: several real liftgate processes on one PostgreSQL (LISTEN/NOTIFY, the job queue): PostgreSQL only.
        ? [{ extends: true as const, test: { name: "postgres", include: [...sqlTests, "test/scale-out/**/*.test.ts"], env: { TEST_DRIVER: "postgres" } } }]
        : []),
      // The console in Debian's Chromium against a started gateway (needs `npm run build` first).
      ...(withBrowser ? [{ extends: true as const, test: { name: "browser", include: ["test/browser/**/*.test.ts"], env: { TEST_DRIVER: "pglite" }, testTimeout: 120_000, hookTimeout: 600_000 } }] : []),
      { extends: true, test: { name: "e2e", include: ["test/e2e/**/*.test.ts"], testTimeout: 600_000 } },
    ],
  },
});

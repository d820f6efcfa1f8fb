import { createHash } from "node:crypto";
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { packageRoot } from "../paths.js";

/**
 * A migrated, empty embedded database folder made by `npm run build` (never committed: it lives in dist/), so an empty
 * data folder starts as a copy of it instead of running initdb (~28 s and ~880 MiB of RSS under load, nine tenths of a
 * first start: bench/embedded/first-start.bench.ts). A template belongs to one PGlite version (its PostgreSQL build);
 * migrations added after it was made run on top of the copy at start, as on any folder.
 */
export interface EmbeddedTemplate {
  /** The template's data folder, `dist/embedded/pglite-<version>/`. */
  dir: string;
  /** The installed PGlite's version, which the template must match. */
  pgliteVersion: string;
  /** A hash of drizzle/'s migration journal when it was made (the build remakes it when it changes). */
  migrations: string;
}

/** The installed PGlite's version, which a template must match. */
function installedPgliteVersion(): string {
  // PGlite's exports leave out its package.json: read it beside its entry point (dist/index.cjs).
  const pgliteMain = createRequire(import.meta.url).resolve("@electric-sql/pglite");
  return (JSON.parse(readFileSync(join(dirname(pgliteMain), "..", "package.json"), "utf8")) as { version: string }).version;
}

/** Where the installed PGlite's template lives (it may not exist yet): all a start needs, without hashing the journal. */
export function embeddedTemplateDir(root = packageRoot(), pgliteVersion = installedPgliteVersion()): string {
  return join(root, "dist", "embedded", `pglite-${pgliteVersion}`);
}

/** The template for the installed PGlite and the committed migrations, as the build checks and records it. */
export function embeddedTemplate(root = packageRoot()): EmbeddedTemplate {
  const pgliteVersion = installedPgliteVersion();
  const journal = readFileSync(join(root, "drizzle", "meta", "_journal.json"));
  return {
    dir: embeddedTemplateDir(root, pgliteVersion),
    pgliteVersion,
    migrations: createHash("sha256").update(journal).digest("hex").slice(0, 16),
  };
}

/** Whether the template on disk was made by this PGlite from these migrations (the build skips remaking it then). */
export function isTemplateCurrent(template = embeddedTemplate()): boolean {
  try {
    const meta = JSON.parse(readFileSync(`${template.dir}.json`, "utf8")) as Partial<EmbeddedTemplate>;
    return existsSync(join(template.dir, "PG_VERSION")) && meta.pgliteVersion === template.pgliteVersion && meta.migrations === template.migrations;
  } catch {
    return false;
  }
}

/** Record that `template.dir` now holds a database migrated from `template.migrations` (after `makeFolder` made it). */
export function markTemplateMade(template: EmbeddedTemplate): void {
  writeFileSync(`${template.dir}.json`, JSON.stringify({ pgliteVersion: template.pgliteVersion, migrations: template.migrations }));
}

/**
 * Give an empty or missing data folder the template's database: copied beside it and renamed into place, so a start
 * killed half-way leaves no half database. Returns whether it did; a folder that holds anything is left to PGlite.
 */
export function startFromTemplate(dataDir: string, template: string | undefined): boolean {
  if (!template || !existsSync(join(template, "PG_VERSION"))) return false;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return false;
  const copy = `${dataDir}.template-${process.pid}`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(template, copy, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(copy, dataDir);
  return true;
}

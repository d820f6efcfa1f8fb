import { existsSync, readdirSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { embeddedTemplate, isTemplateCurrent, markTemplateMade } from "../src/db/embedded-template.js";

// `npm run build`: make a migrated, empty PGlite database folder in dist/embedded/, which an empty data folder starts
// as a copy of instead of running initdb. Skipped when the one there matches the installed PGlite and drizzle/.
const template = embeddedTemplate();
if (!isTemplateCurrent(template)) {
  const { openDatabase } = await import("../src/db/client.js");
  const { migrate } = await import("../src/db/migrate.js");
  // A build killed half-way left its half-made folder: remove it.
  const folder = dirname(template.dir);
  if (existsSync(folder)) for (const f of readdirSync(folder)) if (f.includes(".making-")) rmSync(join(folder, f), { recursive: true, force: true });
  const making = `${template.dir}.making-${process.pid}`;
  const database = await openDatabase({ dataDir: making });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  rmSync(template.dir, { recursive: true, force: true });
  renameSync(making, template.dir);
  markTemplateMade(template);
  console.log(`made ${template.dir}`);
}

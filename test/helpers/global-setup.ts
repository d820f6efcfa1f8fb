import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrate.js";

/** Migrate one PGlite database and dump it, so each test file starts from a copy in about a second. */
export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "liftgate-test-"));
  const database = await openDatabase({});
  await migrate(database);
  const dump = await (database.db as unknown as { $client: { dumpDataDir(c: "gzip"): Promise<Blob> } }).$client.dumpDataDir("gzip");
  writeFileSync(join(dir, "template.tar.gz"), Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env.LIFTGATE_TEST_TEMPLATE = join(dir, "template.tar.gz");
  return () => rmSync(dir, { recursive: true, force: true });
}

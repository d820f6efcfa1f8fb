import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../src/paths.js";
import { printLiftgateSchema } from "./schema.js";

// Writes schema.graphql; a test fails when the committed file is stale.
const path = join(packageRoot(), "schema.graphql");
writeFileSync(path, await printLiftgateSchema());
console.log(`wrote ${path}`);

import "reflect-metadata";
import { lexicographicSortSchema, printSchema } from "graphql";
import { createEventBus } from "../src/events.js";
import { buildLiftgateSchema } from "../src/schema/build.js";

/** The SDL of the code-first schema, sorted so the committed file diffs cleanly. */
export async function printLiftgateSchema(): Promise<string> {
  const schema = await buildLiftgateSchema(createEventBus());
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

import { defineConfig } from "drizzle-kit";

// Migrations are generated from the table files and committed; they are applied at start.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/tables/index.ts",
  out: "./drizzle",
});

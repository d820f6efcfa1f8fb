import { Command } from "commander";
import { withApp, print } from "./shared.js";

export const migrateCommand = () =>
  new Command("migrate").description("apply database migrations (also done at every start)").action(() =>
    withApp(async (app) => void print(`migrations applied (${app.database.driver})`)),
  );

#!/usr/bin/env node
import "reflect-metadata";
import { Command } from "commander";
import { serveCommand } from "./serve.js";
import { migrateCommand } from "./migrate.js";
import { orgCommand } from "./org.js";
import { keyCommand } from "./key.js";
import { fxCommand } from "./fx.js";
import { importCommand } from "./import.js";
import { syncCommand } from "./sync.js";

const program = new Command()
  .name("liftgate")
  .description("GraphQL gateway for unified, causal-ready marketing data")
  .version("0.1.0")
  .showHelpAfterError();

// Command groups, one file each; areas add theirs here, one line each.
program.addCommand(serveCommand());
program.addCommand(migrateCommand());
program.addCommand(orgCommand());
program.addCommand(keyCommand());
program.addCommand(fxCommand());
program.addCommand(importCommand());
program.addCommand(syncCommand());

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`liftgate: ${error.message}\n`);
  process.exit(1);
});

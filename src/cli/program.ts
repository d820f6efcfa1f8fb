import { Command, CommanderError } from "commander";
import { serveCommand } from "./serve.js";
import { migrateCommand } from "./migrate.js";
import { orgCommand } from "./org.js";
import { keyCommand } from "./key.js";
import { fxCommand } from "./fx.js";
import { importCommand } from "./import.js";
import { syncCommand } from "./sync.js";
import { workerCommand } from "./worker.js";
import { connectionCommand } from "./connection.js";
import { doctorCommand } from "./doctor.js";
import { io } from "./io.js";

/** The `liftgate` command tree, built fresh for each run (the admin channel parses one per request). */
export function buildProgram(): Command {
  const program = new Command()
    .name("liftgate")
    .description("GraphQL gateway for unified, causal-ready marketing data")
    .version("0.1.0")
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io().stdout(s), writeErr: (s) => io().stderr(s) });

  // Command groups, one file each; areas add theirs here, one line each.
  program.addCommand(serveCommand());
  program.addCommand(migrateCommand());
  program.addCommand(orgCommand());
  program.addCommand(keyCommand());
  program.addCommand(fxCommand());
  program.addCommand(importCommand());
  program.addCommand(syncCommand());
  program.addCommand(workerCommand());
  program.addCommand(connectionCommand());
  program.addCommand(doctorCommand());
  return program;
}

export { LOCAL_COMMANDS } from "./local-commands.js";

/** Parse and run one command line with the current io; resolves with the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  const configure = (c: Command) => {
    c.exitOverride().configureOutput({ writeOut: (s) => io().stdout(s), writeErr: (s) => io().stderr(s) });
    c.commands.forEach(configure);
  };
  configure(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return io().exitCode;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io().stderr(`liftgate: ${(e as Error).message}\n`);
    return 1;
  }
}

// A sync process for the kill-at-random-points test, given a plan as JSON in KILL_PLAN. In order, each optional:
// `restart`: on that database, do what a restarted process and its user do — resume the runs a killed process
//   left, or start the sync when it had not recorded one — then print what the database holds;
// `run`: on that database, start the sync; with `killAt` SIGKILL this process just before its killAt-th SQL
//   statement there (after printing it), else let it finish and print how many statements it ran and what it left.
// One process restarts one point's database and then is killed on the next point's: half the process starts.
import { count, eq } from "drizzle-orm";
import { loadConfig } from "../../src/config.js";
import { syncRuns } from "../../src/db/tables/index.js";
import { configureOutbound } from "../../src/plugins/outbound.js";
import { openSync, print, report, type KillPlan } from "./kill-plan.js";

const plan = JSON.parse(process.env.KILL_PLAN!) as KillPlan;
// As a liftgate process does at start: the emulator is on loopback, which NODE_ENV=test's default allowlist admits.
configureOutbound(loadConfig().outbound.allow);

if (plan.restart) {
  const { database, engine, startSync } = await openSync(plan, plan.restart);
  const resumed = await engine.resumeAbandoned();
  for (const id of resumed) await engine.wait(id);
  let startedAfresh = false;
  if (resumed.length === 0) {
    const [runs] = await database.db.select({ n: count() }).from(syncRuns).where(eq(syncRuns.connectionId, plan.connectionId));
    if ((startedAfresh = runs!.n === 0)) await startSync();
  }
  print({ restarted: { resumed: resumed.length, startedAfresh, ...(await report(database, plan.connectionId)) } });
  await database.close();
}
if (plan.run) {
  const { database, startSync, statements } = await openSync(plan, plan.run.db, plan.run.killAt);
  await startSync();
  print({ finished: { statements: statements(), ...(await report(database, plan.connectionId)) } });
  await database.close();
}

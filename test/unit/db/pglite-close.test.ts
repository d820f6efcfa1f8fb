import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/client.js";

// PGlite runs SQL on this thread; a statement sent to a closed instance never returns (its protocol loop spins
// at full CPU for ever). Shutdown closes the database while timers (the scheduler, the job queue) may be
// between statements, so close() must wait for the running statement and fail the ones that come after.
describe("the embedded database at close", () => {
  it("fails a statement still waiting for its turn, and every later one, with a clear error; close() resolves", async () => {
    const database = await openDatabase();
    expect(await database.db.execute(sql`select 1 as one`)).toMatchObject({ rows: [{ one: 1 }] });
    // Issued before close(), but PGlite has not started it yet (each statement first yields a turn).
    // (drizzle's queries are lazy: then() sends it.)
    const waiting = database.db.execute(sql`select count(*)::int as n from generate_series(1, 200000)`).then((r) => r);
    await database.close();
    // drizzle reports the statement ("Failed query: …") with the database's error as its cause.
    const closedError = { cause: new Error("The embedded database is closed (liftgate is shutting down).") };
    await expect(waiting).rejects.toMatchObject(closedError);
    // Once closed, PGlite itself refuses.
    await expect(database.db.execute(sql`select 3`)).rejects.toMatchObject({ cause: new Error("PGlite is closed") });
    await database.close(); // a second close is a no-op
  });

  it("fails the next statement of an open transaction instead of spinning", async () => {
    const database = await openDatabase();
    let closing!: Promise<void>;
    const tx = database.transaction(async (t) => {
      await t.db.execute(sql`select 1`);
      closing = database.close();
      await t.db.execute(sql`select 2`);
    });
    // (the failed statement, then its ROLLBACK, are refused: the transaction rejects with the latter.)
    await expect(tx).rejects.toThrow("The embedded database is closed (liftgate is shutting down).");
    await closing;
  });
});

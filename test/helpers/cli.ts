import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const BUILT = join("dist", "src", "cli", "main.js");

/** Newest modification time under a folder (the sources the build came from). */
function newest(dir: string): number {
  let max = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

let cached: string[] | undefined;

/**
 * Node arguments that run the `liftgate` command as a user runs it: the built `dist/src/cli/main.js`
 * (the package's bin) when `npm run build` is newer than every source file, as in CI; otherwise the
 * sources through tsx, so a test run right after an edit never runs stale code.
 */
export function liftgateArgs(...args: string[]): string[] {
  if (!cached) {
    let fresh = false;
    try {
      fresh = statSync(BUILT).mtimeMs >= newest("src");
    } catch { /* not built */ }
    // Absolute paths: a test may run the command from another working directory (e.g. one holding a .env).
    cached = fresh ? [resolve(BUILT)] : ["--import", pathToFileURL(resolve("node_modules", "tsx", "dist", "loader.mjs")).href, resolve("src", "cli", "main.ts")];
  }
  return [...cached, ...args];
}

import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { liftgateArgs } from "../helpers/cli.js";

// The `liftgate` CLI as a user runs it, on its own embedded database.
const dir = mkdtempSync(join(tmpdir(), "liftgate-cli-"));
const env = { ...process.env, LIFTGATE_DATA_DIR: dir, DATABASE_URL: "", LOG_LEVEL: "warn", NO_COLOR: "1" };
const liftgate = (...args: string[]) => execFileSync(process.execPath, liftgateArgs(...args), { env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const fails = (...args: string[]) => {
  try {
    liftgate(...args);
    return "exited 0";
  } catch (e) {
    const err = e as { status: number; stderr: string };
    return `exit ${err.status}: ${err.stderr.trim()}`;
  }
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("liftgate org and key commands", () => {
  it("creates an org with an admin key, creates, lists and revokes keys, and explains mistakes", () => {
    const created = liftgate("org", "create", "Acme Shoes", "--currency", "EUR", "--timezone", "Europe/Berlin", "--country", "DE");
    expect(created).toMatch(/^organization acme-shoes \([0-9a-f-]{36}\)\nadmin key \(shown once\): lg_[a-z0-9]{8}_[A-Za-z0-9_-]{32}\n$/);

    const key = liftgate("key", "create", "--org", "acme-shoes", "--role", "editor", "--name", "looker");
    const [, keyId, prefix] = /^key ([0-9a-f-]{36}) \(editor, (lg_[a-z0-9]{8})…\)\n(lg_\S+)\n$/.exec(key)!;

    const listed = liftgate("key", "list", "--org", "acme-shoes");
    // id, prefix…, role, name, state — newest first; never a secret.
    expect(listed.split("\n").filter(Boolean).map((l) => l.split(/\s+/).slice(2, 5).join(" "))).toEqual(["editor looker active", "admin admin active"]);
    expect(listed).toContain(`${keyId}  ${prefix}…  editor`);
    expect(listed).not.toMatch(/lg_[a-z0-9]{8}_/);

    expect(liftgate("key", "revoke", keyId!, "--org", "acme-shoes")).toBe(`revoked ${keyId} (${prefix}…)\n`);
    expect(liftgate("key", "list", "--org", "acme-shoes")).toMatch(new RegExp(`${keyId}.*revoked \\d{4}-`));

    expect(fails("org", "create", "Acme Shoes")).toBe('exit 1: liftgate: An organization with slug "acme-shoes" already exists; choose another name or --slug.');
    expect(fails("key", "create", "--org", "nope")).toBe("exit 1: liftgate: No organization has the id or slug \"nope\"; see `liftgate org list`.");
    expect(fails("org", "create", "Bad", "--currency", "euro")).toBe('exit 1: liftgate: reportingCurrency "euro" is not an ISO 4217 code such as USD or EUR.');
  });

  it("reads .env from the directory it runs in; the environment wins over the file", () => {
    // As .env.example documents: a user copies it to .env beside where they run liftgate.
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, ".env"), "# from .env.example\nLIFTGATE_DATA_DIR=./data-from-dotenv\nLOG_LEVEL=warn\n");
    // (TSX_TSCONFIG_PATH: when the sources run through tsx, their tsconfig is not in that directory.)
    const { LIFTGATE_DATA_DIR: _, ...rest } = env;
    const withoutDir = { ...rest, TSX_TSCONFIG_PATH: join(process.cwd(), "tsconfig.json") };
    const run = (extra: Record<string, string>) =>
      execFileSync(process.execPath, liftgateArgs("org", "create", `Dotenv ${Object.keys(extra).length}`), { cwd: project, env: { ...withoutDir, ...extra }, encoding: "utf8" });
    expect(run({})).toMatch(/^organization dotenv-0 /);
    // The org went into the folder the .env names (and the CLI let go of it when it ended).
    expect([existsSync(join(project, "data-from-dotenv")), existsSync(join(project, "data-from-dotenv", "liftgate.lock"))]).toEqual([true, false]);
    expect(execFileSync(process.execPath, liftgateArgs("org", "list"), { cwd: project, env: withoutDir, encoding: "utf8" })).toMatch(/dotenv-0/);
    // Set in the environment, LIFTGATE_DATA_DIR wins: the org lands in the test's folder, not the .env's.
    expect(run({ LIFTGATE_DATA_DIR: dir })).toMatch(/^organization dotenv-1 /);
    expect(liftgate("org", "list")).toMatch(/dotenv-1/);
    expect(execFileSync(process.execPath, liftgateArgs("org", "list"), { cwd: project, env: withoutDir, encoding: "utf8" })).not.toMatch(/dotenv-1/);
  });
});

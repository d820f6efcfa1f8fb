import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { loadConfig, loadDotEnv } from "../../../src/config.js";
import { formatEta } from "../../../src/cli/terminal.js";

const sink = (isTTY: boolean) => {
  let text = "";
  return { isTTY, write: (t: string) => void (text += t), text: () => text };
};

describe("log format", () => {
  it("auto: JSON when the destination is not a terminal, one readable line when it is", () => {
    const pipe = sink(false);
    createLogger("info", pipe, "auto").info({ connectionId: "c1" }, "sync started");
    expect(JSON.parse(pipe.text())).toMatchObject({ level: 30, msg: "sync started", connectionId: "c1", service: "liftgate" });
    const tty = sink(true);
    createLogger("info", tty, "auto").info({ connectionId: "c1" }, "sync started");
    // eslint-disable-next-line no-control-regex
    expect(tty.text().replace(/\x1b\[[0-9;]*m/g, "")).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: sync started \{"connectionId":"c1"\}\n$/);
  });

  it("LOG_FORMAT overrides the terminal check both ways, and pretty lines still redact secrets", () => {
    const tty = sink(true);
    createLogger("info", tty, "json").info("x");
    expect(JSON.parse(tty.text()).msg).toBe("x");
    const pipe = sink(false);
    createLogger("info", pipe, "pretty").info({ token: "s3cret" }, "y");
    expect(pipe.text()).toMatch(/INFO: y \{"token":"\[redacted\]"\}\n$/);
    expect(loadConfig({ LOG_FORMAT: "pretty" }).logFormat).toBe("pretty");
    expect(loadConfig({}).logFormat).toBe("auto");
  });
});

describe("progress bar ETA", () => {
  it("says … instead of NFs while no rate is known", () => {
    expect([Infinity, NaN, -1, 0, 42, 65, 3725].map(formatEta)).toEqual(["…", "…", "…", "0s", "42s", "1m05s", "1h02m"]);
  });
});

describe(".env and flags", () => {
  it("loads the env file without overriding the environment, and flags win over both", () => {
    const dir = mkdtempSync(join(tmpdir(), "liftgate-env-"));
    writeFileSync(join(dir, "x.env"), "LIFTGATE_TEST_A=from-file\nLIFTGATE_TEST_B=from-file\n");
    const env: NodeJS.ProcessEnv = { LIFTGATE_ENV_FILE: join(dir, "x.env") };
    process.env.LIFTGATE_TEST_B = "from-env";
    try {
      expect(loadDotEnv(env)).toBe(join(dir, "x.env"));
      expect([process.env.LIFTGATE_TEST_A, process.env.LIFTGATE_TEST_B]).toEqual(["from-file", "from-env"]);
      expect(() => loadDotEnv({ LIFTGATE_ENV_FILE: join(dir, "none.env") })).toThrow(`LIFTGATE_ENV_FILE names ${join(dir, "none.env")}, which does not exist.`);
    } finally {
      delete process.env.LIFTGATE_TEST_A;
      delete process.env.LIFTGATE_TEST_B;
      rmSync(dir, { recursive: true, force: true });
    }
    const c = loadConfig({ PORT: "4000", HOST: "127.0.0.1" }, { PORT: "8080", HOST: "0.0.0.0" });
    expect([c.port, c.host]).toEqual([8080, "0.0.0.0"]);
    // A flag not given leaves the environment's value.
    expect(loadConfig({ PORT: "0" }, { PORT: undefined, HOST: undefined }).port).toBe(0);
    // The CLI is quiet unless LOG_LEVEL is set (it reads that from the config, not from process.env).
    expect([loadConfig({}).logLevelGiven, loadConfig({ LOG_LEVEL: "info" }).logLevelGiven, loadConfig({ LOG_LEVEL: "" }).logLevelGiven]).toEqual([false, true, false]);
  });
});

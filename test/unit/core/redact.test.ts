import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { redact, registerSecrets, urlPassword } from "../../../src/redact.js";

describe("redact", () => {
  it("scrubs every registered secret in plain, URL-encoded and JSON-escaped form, and ignores values too short to be secrets", () => {
    registerSecrets(["sk live/42+\"q\"", "short", undefined, 7]);
    expect(redact(`a sk live/42+"q" b ${encodeURIComponent('sk live/42+"q"')} c ${JSON.stringify('sk live/42+"q"')} short`))
      .toBe('a [redacted] b [redacted] c "[redacted]" short');
  });

  it("reads the password of a DATABASE_URL", () => {
    expect([urlPassword("postgres://app:p%40ss-w0rd@db:5432/x"), urlPassword("postgres://app@db/x"), urlPassword(undefined)]).toEqual(["p@ss-w0rd", undefined, undefined]);
  });

  it("scrubs known secret values from every log line, whatever field or message carries them", () => {
    let out = "";
    const logger = createLogger("info", new Writable({ write(c, _e, done) { out += c.toString(); done(); } }));
    registerSecrets(["EAAB-upstream-echo-123"]);
    logger.warn({ detail: { body: "token EAAB-upstream-echo-123 is invalid" }, token: "anything" }, "Meta said EAAB-upstream-echo-123");
    const line = JSON.parse(out) as { msg: string; detail: { body: string }; token: string };
    expect([line.msg, line.detail.body, line.token]).toEqual(["Meta said [redacted]", "token [redacted] is invalid", "[redacted]"]);
  });
});

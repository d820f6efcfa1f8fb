import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";

function capture() {
  let text = "";
  const sink = new Writable({ write(c, _e, done) { text += c.toString(); done(); } });
  return { logger: createLogger("info", sink), text: () => text };
}

describe("logger redaction", () => {
  it("replaces authorization headers, tokens and secrets with [redacted]", () => {
    const { logger, text } = capture();
    logger.info({ req: { headers: { authorization: "Bearer lg_abcdefgh_SECRET" } }, config: { accessToken: "EAAB-secret", clientSecret: "cs-1" }, apiKey: "k-1" }, "x");
    const line = JSON.parse(text());
    expect([line.req.headers.authorization, line.config.accessToken, line.config.clientSecret, line.apiKey]).toEqual([
      "[redacted]", "[redacted]", "[redacted]", "[redacted]",
    ]);
    expect(text()).not.toMatch(/SECRET|EAAB-secret|cs-1|k-1/);
  });
});

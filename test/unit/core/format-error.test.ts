import { Writable } from "node:stream";
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { formatError, INTERNAL_MESSAGE } from "../../../src/server/errors.js";
import { AppError } from "../../../src/errors.js";
import { createLogger } from "../../../src/logger.js";

let logged = "";
const logger = createLogger("info", new Writable({ write(c, _e, done) { logged += c.toString(); done(); } }));
const wrapped = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ["facts"] });

describe("formatError", () => {
  it("masks errors that are not ours with a request id, and logs the real error under that id", () => {
    const f = formatError({ message: "connect ECONNREFUSED 10.0.0.5:5432 password=hunter2" }, wrapped(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")), logger);
    const requestId = (f.extensions as { requestId: string }).requestId;
    expect(f).toEqual({ message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR", requestId }, locations: undefined, path: undefined });
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const line = logged.split("\n").find((l) => l.includes(requestId))!;
    expect(line).toContain("unexpected error in a GraphQL operation");
    expect(line).toContain("ECONNREFUSED 10.0.0.5");
  });

  it("passes AppError messages and codes through", () => {
    const f = formatError({ message: "x", path: ["a"] }, wrapped(new AppError("NOT_FOUND", "Connection c1 was not found in this organization.")), logger);
    expect(f).toEqual({ message: "Connection c1 was not found in this organization.", extensions: { code: "NOT_FOUND" }, locations: undefined, path: ["a"] });
  });

  it("passes GraphQL errors raised on purpose, without http or stack details", () => {
    const err = new GraphQLError("nope", { extensions: { code: "FORBIDDEN", http: { status: 403 } } });
    expect(formatError({ message: "nope", extensions: { code: "FORBIDDEN", http: { status: 403 }, stacktrace: ["x"] } }, err, logger)).toEqual({
      message: "nope", extensions: { code: "FORBIDDEN" }, locations: undefined, path: undefined,
    });
  });
});

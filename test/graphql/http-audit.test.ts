import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverAudits } from "graphql-http";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer();
  key = await (await server.createOrg("Audit")).key("viewer");
});
afterAll(() => server.close());

describe("GraphQL over HTTP audit (graphql-http serverAudits)", () => {
  const audits = serverAudits({
    url: () => server.url,
    fetchFn: (input: string | URL | Request, init?: RequestInit) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers).entries()), authorization: `Bearer ${key}` } }),
  });
  for (const audit of audits) {
    it(`${audit.name}`, async () => {
      const result = await audit.fn();
      // "warn" marks SHOULD/MAY items; only "error" breaks the spec's MUSTs.
      expect({ id: audit.id, status: result.status === "error" ? "error" : "ok", reason: result.status === "error" ? result.reason : undefined }).toEqual({
        id: audit.id, status: "ok", reason: undefined,
      });
    });
  }
});

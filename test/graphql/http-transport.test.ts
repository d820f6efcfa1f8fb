import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";

let server: TestServer;
let key: string;
const base = () => server.url.replace(/\/graphql$/, "");

beforeAll(async () => {
  server = await startTestServer();
  key = await (await server.createOrg("Http")).key("viewer");
});
afterAll(() => server.close());

describe("HTTP transport", () => {
  it("answers a malformed JSON body with a GraphQL-shaped 400 and no stack trace", async () => {
    const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: '{"query": "{ organization { id } }"' });
    const body = (await res.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect([res.status, res.headers.get("content-type")?.split(";")[0], body.errors[0]!.message, body.errors[0]!.extensions.code]).toEqual([
      400, "application/json",
      "The request body is not valid JSON. Send {\"query\": \"...\", \"variables\": {...}} with Content-Type: application/json.", "BAD_REQUEST",
    ]);
    expect(JSON.stringify(body) + server.logs()).not.toMatch(/at JSON\.parse|SyntaxError|node_modules/);
  });

  it("reports liveness on /healthz and database readiness on /readyz", async () => {
    const live = await fetch(`${base()}/healthz`);
    const ready = await fetch(`${base()}/readyz`);
    expect([live.status, await live.json(), ready.status, await ready.json()]).toEqual([200, { status: "ok" }, 200, { status: "ready" }]);
  });

  it("never logs the API key of a request", async () => {
    await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${key}` }, body: JSON.stringify({ query: "{ nope }" }) }); // graphql-probe: any request, even an invalid one
    expect(server.logs()).not.toContain(key);
  });
});

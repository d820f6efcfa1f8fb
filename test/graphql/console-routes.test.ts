import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleDir } from "../../src/server/console-routes.js";
import { gql } from "../helpers/graphql.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

// The console and the explorer share the API's port; these check the routing, not the pages
// (test/browser/ drives those). Needs `npm run build` (CI builds before testing).
let server: TestServer;
let key: string;
const base = () => server.url.replace(/\/graphql$/, "");
const html = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };

beforeAll(async () => {
  server = await startTestServer();
  key = await (await server.createOrg("Console")).key("editor");
});
afterAll(() => server.close());

describe("console and explorer routes", () => {
  it("serves the built console at / and answers its page paths with the same index.html (SPA fallback)", async () => {
    const index = readFileSync(join(consoleDir(), "index.html"), "utf8");
    const root = await fetch(`${base()}/`, { headers: html });
    const page = await fetch(`${base()}/models`, { headers: html });
    expect([root.status, root.headers.get("content-type"), await root.text()]).toEqual([200, "text/html; charset=utf-8", index]);
    expect([page.status, await page.text()]).toEqual([200, index]);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1]!;
    const js = await fetch(base() + asset);
    expect([js.status, js.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);
  });

  it("gives browsers the offline explorer at GET /graphql, wired to this origin and the console's session key", async () => {
    const res = await fetch(server.url, { headers: html });
    const body = await res.text();
    expect([res.status, res.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
    expect(body).toContain('sessionStorage.getItem("liftgate.apiKey")');
    expect(body).toContain('"/explorer-static/ruru.js"');
    expect(body).not.toMatch(/https?:\/\/(unpkg|cdn|embeddable-sandbox|apollo)/);
    const css = await fetch(`${base()}/explorer-static/ruru.css`);
    expect([css.status, css.headers.get("content-type")?.split(";")[0]]).toEqual([200, "text/css"]);
  });

  it("leaves the API alone: POST /graphql, GET /graphql?query= and unknown API paths answer as before", async () => {
    expect((await gql(server.url, key, "{ currentApiKey { role } }")).data).toEqual({ currentApiKey: { role: "editor" } });
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { ...html, authorization: `Bearer ${key}`, "apollo-require-preflight": "true" } });
    expect([get.status, await get.json()]).toEqual([200, { data: { __typename: "Query" } }]);
    const json = await fetch(`${base()}/export/nothing`, { headers: { accept: "application/json" } });
    expect(json.status).toBe(404);
    const health = await fetch(`${base()}/healthz`, { headers: html });
    expect(await health.json()).toEqual({ status: "ok" });
  });
});

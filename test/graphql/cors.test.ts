import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/server.js";

const APP = "https://app.example.com";
let server: TestServer;
let plain: TestServer;
let key: string;

beforeAll(async () => {
  server = await startTestServer({ CORS_ORIGINS: `${APP}, http://localhost:5173` });
  plain = await startTestServer();
  key = await (await server.createOrg("Cors")).key("viewer");
});
afterAll(async () => { await server.close(); await plain.close(); });

// What a browser sends before a cross-origin POST with a JSON body and an Authorization header.
const preflight = (url: string, origin: string) => fetch(url, {
  method: "OPTIONS",
  headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
});

describe("CORS", () => {
  it("answers the preflight of a configured origin and lets its POST through, without credentials", async () => {
    const pre = await preflight(server.url, APP);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(APP);
    expect(pre.headers.get("access-control-allow-headers")).toBe("authorization,content-type,apollo-require-preflight");
    expect(pre.headers.get("access-control-allow-credentials")).toBeNull();
    const res = await fetch(server.url, { method: "POST", headers: { origin: APP, authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ query: "{ organization { name } }" }) });
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(await res.json()).toEqual({ data: { organization: { name: "Cors" } } });
  });

  it("gives an unlisted origin no CORS headers at all, so the browser refuses", async () => {
    for (const origin of ["https://evil.example", "https://app.example.com.evil.example", "null"]) {
      const pre = await preflight(server.url, origin);
      expect([pre.headers.get("access-control-allow-origin"), pre.headers.get("access-control-allow-credentials")]).toEqual([null, null]);
      const res = await fetch(server.url, { method: "POST", headers: { origin, "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("answers a request without an Origin header with Vary: Origin and no CORS header, as for an unlisted origin", async () => {
    const res = await fetch(server.url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ query: "{ organization { name } }" }) });
    const cors = [...res.headers.keys()].filter((h) => h.startsWith("access-control-"));
    expect([res.headers.get("vary"), cors, await res.json()]).toEqual(["Origin", [], { data: { organization: { name: "Cors" } } }]);
  });

  it("allows no origin when CORS_ORIGINS is not set", async () => {
    const pre = await preflight(plain.url, APP);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
  });
});

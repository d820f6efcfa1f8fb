import { afterEach, describe, expect, it } from "vitest";
import { bearer, decodeCursor, encodeCursor, json, pageOf, startEmulator, type Emulator, type EmulatorOptions } from "../../../src/plugins/sandbox/emulator.js";

let emu: Emulator | undefined;
afterEach(async () => { await emu?.close(); emu = undefined; });

const start = (extra: Partial<EmulatorOptions> = {}) => startEmulator({
  routes: [
    { method: "GET", pattern: "/v1/:account/items", name: "items", handler: (r) => json(200, { account: r.params.account, n: r.n, limit: r.query.get("limit"), token: bearer(r) ?? null }) },
    { method: "POST", pattern: "/token", name: "token", handler: (r) => json(200, { got: r.body }) },
  ],
  faultBodies: {
    rateLimit: () => json(400, { error: { code: 17, message: "User request limit reached" } }),
    expiredToken: () => json(401, { error: { code: 190, message: "Session has expired" } }),
  },
  ...extra,
});
const get = (path: string, init?: RequestInit) => fetch(`${emu!.url}${path}`, init);

describe("emulator routing", () => {
  it("listens on 127.0.0.1 and matches :param segments, query and bearer token", async () => {
    emu = await start();
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get("/v1/act_42/items?limit=5", { headers: { authorization: "Bearer tok" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ account: "act_42", n: 1, limit: "5", token: "tok" });
  });
  it("parses JSON and form bodies", async () => {
    emu = await start();
    const a = await get("/token", { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(await a.json()).toEqual({ got: { a: 1 } });
    const b = await get("/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=refresh_token&x=y" });
    expect(await b.json()).toEqual({ got: { grant_type: "refresh_token", x: "y" } });
  });
  it("answers an unknown route with 404 and logs it", async () => {
    emu = await start();
    const res = await get("/nowhere");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "No emulator route for GET /nowhere" });
    expect(emu.log[0]).toMatchObject({ path: "/nowhere", route: null, status: 404 });
  });
  it("logs every request with its route, number and status", async () => {
    emu = await start();
    await get("/v1/a/items?limit=1");
    await get("/v1/b/items");
    expect(emu.log.map((l) => [l.route, l.n, l.status, l.query])).toEqual([["items", 1, 200, { limit: "1" }], ["items", 2, 200, {}]]);
    expect(emu.count("items")).toBe(2);
    expect(emu.count()).toBe(2);
  });
  it("stops accepting connections after close()", async () => {
    emu = await start();
    const url = emu.url;
    await emu.close();
    emu = undefined;
    await expect(fetch(`${url}/v1/a/items`)).rejects.toThrow();
  });
});

describe("emulator faults", () => {
  it("fails exactly the Nth request to a route", async () => {
    emu = await start({ faults: [{ kind: "rate_limit", route: "items", nth: 2 }] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await get("/v1/a/items")).status);
    expect(statuses).toEqual([200, 400, 200]);
  });
  it("defaults a rate limit to 429 with Retry-After: 1 and a generic body", async () => {
    emu = await start({ faults: [{ kind: "rate_limit", nth: 1 }], faultBodies: {} });
    const res = await get("/v1/a/items");
    expect([res.status, res.headers.get("retry-after"), await res.json()]).toEqual([429, "1", { error: "rate limited" }]);
  });
  it("uses the platform's rate-limit body and the scheduled Retry-After", async () => {
    emu = await start({ faults: [{ kind: "rate_limit", nth: 1, retryAfterSeconds: 7 }] });
    const res = await get("/v1/a/items");
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toEqual({ error: { code: 17, message: "User request limit reached" } });
  });
  it("fails every request from the 3rd for 2 times with the given 5xx status", async () => {
    emu = await start();
    emu.addFault({ kind: "server_error", route: "items", from: 3, times: 2, status: 503 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get("/v1/a/items")).status);
    expect(statuses).toEqual([200, 200, 503, 503, 200]);
    expect(emu.log.map((l) => l.fault)).toEqual([null, null, "server_error", "server_error", null]);
  });
  it("answers an expired token with the platform's body", async () => {
    emu = await start({ faults: [{ kind: "expired_token", route: "items" }] });
    const res = await get("/v1/a/items");
    expect([res.status, await res.json()]).toEqual([401, { error: { code: 190, message: "Session has expired" } }]);
  });
  it("truncates the JSON body so it no longer parses", async () => {
    emu = await start({ faults: [{ kind: "truncated", nth: 1 }] });
    const text = await (await get("/v1/acct/items")).text();
    expect(text).toBe('{"account":"acct","n":1,"');
    expect(() => JSON.parse(text)).toThrow();
  });
  it("delays a slow response and still serves it", async () => {
    emu = await start({ faults: [{ kind: "slow", nth: 1, delayMs: 150 }] });
    const t0 = Date.now();
    const res = await get("/v1/a/items");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(((await res.json()) as { account: string }).account).toBe("a");
  });
  it("drops the connection for a disconnect fault", async () => {
    emu = await start({ faults: [{ kind: "disconnect", nth: 1 }] });
    await expect(get("/v1/a/items")).rejects.toThrow();
    expect((await get("/v1/a/items")).status).toBe(200);
  });
  it("removes one fault with its remover and all with clearFaults", async () => {
    emu = await start();
    const remove = emu.addFault({ kind: "server_error" });
    expect((await get("/v1/a/items")).status).toBe(500);
    remove();
    expect((await get("/v1/a/items")).status).toBe(200);
    emu.addFault({ kind: "server_error" });
    emu.clearFaults();
    expect((await get("/v1/a/items")).status).toBe(200);
  });
});

describe("paging helpers", () => {
  it("pages through items with opaque cursors", () => {
    const items = [1, 2, 3, 4, 5];
    const p1 = pageOf(items, undefined, 2);
    const p2 = pageOf(items, p1.next, 2);
    const p3 = pageOf(items, p2.next, 2);
    expect([p1.items, p2.items, p3.items, p3.next]).toEqual([[1, 2], [3, 4], [5], undefined]);
    expect(decodeCursor(encodeCursor(40))).toBe(40);
  });
  it("rejects a malformed cursor", () => {
    expect(() => decodeCursor("garbage")).toThrow('Invalid paging cursor "garbage".');
  });
});

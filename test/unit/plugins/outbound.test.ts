import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/logger.js";
import { InvalidConfig } from "../../../src/plugins/errors.js";
import { createHttpClient } from "../../../src/plugins/http.js";
import { allowSandboxOrigin, checkOutboundUrl, configureOutbound, isAllowlistEntry, OutboundBlocked } from "../../../src/plugins/outbound.js";
import type { PluginContext } from "../../../src/plugins/types.js";

const ctx = (): PluginContext => ({ logger: createLogger("silent"), signal: new AbortController().signal, now: () => new Date() });

/** A plain server (not registered as an emulator) that records what reached it. */
async function listen(host: string, handler: (req: IncomingMessage, res: import("node:http").ServerResponse) => void) {
  const seen: IncomingMessage["headers"][] = [];
  const server: Server = createServer((req, res) => { seen.push(req.headers); handler(req, res); });
  await new Promise<void>((r) => server.listen(0, host, r));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
type Stub = Awaited<ReturnType<typeof listen>>;

const blocked = (url: string) => { try { checkOutboundUrl(new URL(url)); return false; } catch (e) { return e instanceof OutboundBlocked; } };

afterEach(() => configureOutbound([]));

describe("outbound allowlist (SSRF)", () => {
  it("refuses loopback, private, link-local, metadata, CGNAT, mapped and non-http URLs by default", () => {
    for (const url of [
      "http://127.0.0.1/", "http://127.1.2.3:8080/", "http://0.0.0.0/", "http://10.0.0.5/", "http://172.16.0.1/", "http://192.168.1.1/",
      "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[fd00:ec2::254]/",
      "http://[fe80::1]/", "http://localhost:4000/", "http://api.localhost/", "http://2130706433/", "http://0x7f.1/", "file:///etc/passwd",
      "http://user:pw@93.184.216.34/",
    ]) expect([url, blocked(url)]).toEqual([url, true]);
    for (const url of ["https://graph.facebook.com/v21.0/", "http://93.184.216.34/", "https://[2606:4700:4700::1111]/"]) expect([url, blocked(url)]).toEqual([url, false]);
  });

  it("lets the operator allow names, addresses and ranges, and nothing else", () => {
    configureOutbound(["10.0.0.0/8", "*.corp.example", "192.168.7.7"]);
    expect([blocked("http://10.9.8.7/"), blocked("http://192.168.7.7/"), blocked("http://192.168.7.8/"), blocked("http://127.0.0.1/")]).toEqual([false, false, true, true]);
    expect(["10.0.0.0/8", "::1", "*.corp.example", "localhost", "10.0.0.0/33", "a b", "http://x"].map(isAllowlistEntry)).toEqual([true, true, true, true, false, false, false]);
  });

  describe("requests", () => {
    let target: Stub;
    beforeAll(async () => { target = await listen("127.0.0.1", (_q, res) => res.end('{"ok":true}')); });
    afterAll(() => target.close());

    it("fails a name that resolves to a loopback address with InvalidConfig, without retrying or reaching it", async () => {
      configureOutbound([], { resolve: (_h, cb) => cb(null, [{ address: "127.0.0.1", family: 4 }]) });
      const port = new URL(target.url).port;
      const client = createHttpClient({ name: "Reports", baseUrl: `http://reports.rebind.example:${port}`, backoff: { baseMs: 1 } }, ctx());
      const err = await client.get("/report").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidConfig);
      expect((err as Error).message).toBe("Reports cannot be reached: reports.rebind.example resolves to a loopback, private, link-local or reserved address. Connectors may only reach public addresses; an operator can allow a host or range with OUTBOUND_ALLOW_HOSTS. Fix the connection's configuration, then run testConnection.");
      expect(target.seen).toHaveLength(0);
    });

    it("checks every redirect hop: an allowed host cannot bounce a request to a private address", async () => {
      const front = await listen("127.0.0.1", (_q, res) => { res.writeHead(302, { location: `${target.url}/secret` }); res.end(); });
      const undo = allowSandboxOrigin(front.url);
      try {
        const err = await createHttpClient({ name: "Reports", baseUrl: front.url }, ctx()).get("/report").catch((e: unknown) => e);
        expect(err).toBeInstanceOf(InvalidConfig);
        expect((err as Error).message).toMatch(/^Reports cannot be reached: 127\.0\.0\.1:\d+ is a loopback, private, link-local or reserved address\./);
        expect([front.seen.length, target.seen.length]).toEqual([1, 0]);
      } finally { undo(); await front.close(); }
    });

    it("drops credential headers when a redirect leaves the origin", async () => {
      configureOutbound(["127.0.0.3"]);
      const other = await listen("127.0.0.3", (_q, res) => res.end('{"ok":true}'));
      const front = await listen("127.0.0.1", (_q, res) => { res.writeHead(307, { location: `${other.url}/moved` }); res.end(); });
      const undo = allowSandboxOrigin(front.url);
      try {
        const client = createHttpClient({ name: "Reports", baseUrl: front.url, headers: { authorization: "Bearer s3cr3t", "x-api-key": "k3y" } }, ctx());
        expect(await client.get("/report")).toEqual({ ok: true });
        expect(front.seen[0]).toMatchObject({ authorization: "Bearer s3cr3t", "x-api-key": "k3y" });
        expect([other.seen[0]!.authorization, other.seen[0]!["x-api-key"], other.seen[0]!.accept]).toEqual([undefined, undefined, "application/json"]);
      } finally { undo(); await front.close(); await other.close(); }
    });
  });
});

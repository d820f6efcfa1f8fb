import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";

/**
 * Where connectors may send requests (SSRF guard). A tenant sets base URLs; without an operator's grant
 * they may only reach public addresses: never loopback, private, link-local (cloud metadata at
 * 169.254.169.254), CGNAT, multicast or reserved ranges. Names are resolved and every address checked
 * when the socket connects (so DNS rebinding cannot slip past), and every redirect hop is checked again.
 */

/** Ranges no tenant-set URL may reach: RFC 6890 special-purpose addresses. */
const forbidden = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.88.99.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) forbidden.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128], ["::1", 128], ["64:ff9b::", 96], ["64:ff9b:1::", 48], ["100::", 64], ["2001::", 23],
  ["2001:db8::", 32], ["2002::", 16], ["fc00::", 7], ["fe80::", 10], ["fec0::", 10], ["ff00::", 8],
] as const) forbidden.addSubnet(net, prefix, "ipv6");

/** The operator's allowlist, parsed: names (exact or `*.suffix`), and addresses or CIDR ranges. */
interface Allowlist {
  names: string[];
  addresses: BlockList;
}

let operator: Allowlist = parseAllowlist([]);
/** Emulator origins (`host:port`) started by this process: the sandbox and the demo reach these. */
const sandboxOrigins = new Set<string>();

/** Parse allowlist entries such as `localhost`, `*.corp.example`, `10.1.2.3`, `10.0.0.0/8`, `::1`. */
export function parseAllowlist(entries: readonly string[]): Allowlist {
  const addresses = new BlockList();
  const names: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase().replace(/^\[|\]$/g, "");
    if (!entry) continue;
    const [addr, bits] = entry.split("/");
    const family = isIP(addr!);
    if (family && bits !== undefined) addresses.addSubnet(addr!, Number(bits), family === 6 ? "ipv6" : "ipv4");
    else if (family) addresses.addAddress(addr!, family === 6 ? "ipv6" : "ipv4");
    else names.push(entry);
  }
  return { names, addresses };
}

/** Whether an allowlist entry is well-formed (config validation). */
export function isAllowlistEntry(raw: string): boolean {
  const entry = raw.trim().replace(/^\[|\]$/g, "");
  const [addr, bits, extra] = entry.split("/");
  const family = isIP(addr!);
  if (bits !== undefined) return family !== 0 && extra === undefined && /^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32);
  return family !== 0 || /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(entry);
}

type Resolve = (hostname: string, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;
const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);
let resolveName: Resolve = systemResolve;

/** Set the operator allowlist (OUTBOUND_ALLOW_HOSTS); called once at start. `resolve` stands in for DNS in tests. */
export function configureOutbound(allow: readonly string[], options: { resolve?: Resolve } = {}): void {
  operator = parseAllowlist(allow);
  resolveName = options.resolve ?? systemResolve;
}

/** Let connectors reach an emulator this process started (sandbox, demo, tests); returns the undo. */
export function allowSandboxOrigin(url: string): () => void {
  const origin = new URL(url).host.toLowerCase();
  sandboxOrigins.add(origin);
  return () => sandboxOrigins.delete(origin);
}

const nameMatches = (host: string, pattern: string) => (pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : host === pattern);
const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");

/** Whether an address may be reached: public, or inside an operator-allowed address or range. */
export function addressAllowed(address: string, list: Allowlist = operator): boolean {
  const family = isIP(address) === 6 ? "ipv6" : "ipv4";
  return !forbidden.check(address, family) || list.addresses.check(address, family);
}

/** Whether a URL's host is trusted by name: an emulator of this process or a name the operator allowed. */
function trustedByName(url: URL): boolean {
  const host = bare(url.hostname);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return sandboxOrigins.has(`${url.hostname.toLowerCase()}:${port}`) || (!isIP(host) && operator.names.some((p) => nameMatches(host, p)));
}

/** Raised when a URL or the address it resolves to may not be reached; never retried. */
export class OutboundBlocked extends Error {
  override name = "OutboundBlocked";
}

const hint = "Connectors may only reach public addresses; an operator can allow a host or range with OUTBOUND_ALLOW_HOSTS.";

/** Check a URL before connecting: http(s) only, and an IP literal must be allowed (names are checked when they resolve). */
export function checkOutboundUrl(url: URL): void {
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundBlocked(`${url.protocol} URLs cannot be fetched; use http or https.`);
  if (url.username || url.password) throw new OutboundBlocked("URLs with credentials (user:password@host) are not accepted; put secrets in the connection's secret fields.");
  if (trustedByName(url)) return;
  const host = bare(url.hostname);
  if (isIP(host) && !addressAllowed(host)) throw new OutboundBlocked(`${url.host} is a loopback, private, link-local or reserved address. ${hint}`);
  if (host === "localhost" || host.endsWith(".localhost")) throw new OutboundBlocked(`${url.host} is the gateway host itself. ${hint}`);
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that fails unless every address the name resolves to may be reached. */
function guardedLookup(hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void {
  resolveName(hostname, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses.filter((a) => !options.family || a.family === options.family);
    if (!list.length) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
    if (list.some((a) => !addressAllowed(a.address))) {
      return callback(Object.assign(new OutboundBlocked(`${hostname} resolves to a loopback, private, link-local or reserved address. ${hint}`), { code: "EOUTBOUNDBLOCKED" }), []);
    }
    if (options.all) return callback(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
}

const guardedAgent = new Agent({ connect: { lookup: guardedLookup as never } });
const trustedAgent = new Agent();

/** The OutboundBlocked error inside a failed fetch's cause chain, if any. */
export function outboundBlockedCause(e: unknown): OutboundBlocked | undefined {
  for (let c: unknown = e, n = 0; c && n < 5; c = (c as { cause?: unknown }).cause, n++) {
    if (c instanceof OutboundBlocked) return c;
    if ((c as { code?: string }).code === "EOUTBOUNDBLOCKED") return new OutboundBlocked((c as Error).message);
  }
  return undefined;
}

const MAX_REDIRECTS = 5;
/** Headers that may follow a redirect to another origin; every other header may carry a credential. */
const SAFE_HEADERS = new Set(["accept", "content-type", "user-agent"]);

/**
 * fetch for connectors: checks the URL and each redirect hop, resolves names through the guarded lookup,
 * and drops credential-bearing headers when a redirect leaves the origin.
 */
export async function outboundFetch(input: URL, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) {
  let url = input;
  let { method, headers, body } = init;
  for (let hop = 0; ; hop++) {
    checkOutboundUrl(url);
    const res = await undiciFetch(url, { method, headers, body, signal: init.signal, redirect: "manual", dispatcher: trustedByName(url) ? trustedAgent : guardedAgent });
    const location = res.headers.get("location");
    if (![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    if (hop >= MAX_REDIRECTS) throw new OutboundBlocked(`Too many redirects (more than ${MAX_REDIRECTS}) from ${input.host}.`);
    await res.body?.cancel();
    const next = new URL(location, url);
    if (next.origin !== url.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => SAFE_HEADERS.has(k.toLowerCase())));
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) { method = "GET"; body = undefined; }
    url = next;
  }
}

/** Check a configured endpoint against the plugin's own hosts: `allowedHosts` empty means any public host. */
export function endpointAllowed(url: URL, pluginHosts: readonly string[] | undefined): boolean {
  if (trustedByName(url)) return true;
  const host = bare(url.hostname);
  if (!pluginHosts?.length) return true;
  if (pluginHosts.some((p) => nameMatches(host, p))) return true;
  return isIP(host) ? operator.addresses.check(host, isIP(host) === 6 ? "ipv6" : "ipv4") : false;
}

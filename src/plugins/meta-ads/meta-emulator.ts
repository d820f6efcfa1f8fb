import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { allowSandboxOrigin } from "../outbound.js";
import type { AddressInfo } from "node:net";
import { worldFrom, type World, type WorldOptions } from "../sandbox/index.js";
import type { Sandbox } from "../types.js";
import { insightRows } from "./meta-emulator-data.js";

/** A canned answer the emulator gives instead of the real one, `times` times, for requests whose path matches. */
export interface MetaFault {
  path?: RegExp;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  times?: number;
}

export interface MetaEmulatorOptions {
  /** The shared world to serve (default: a new world from `world` options). */
  world?: World;
  worldOptions?: WorldOptions;
  /** The only access token accepted; any other gets error 190. */
  token?: string;
  apiVersion?: string;
  /** Polls of an async report run before it completes (default 2). */
  asyncPolls?: number;
  /** How async report runs end: completed (default), "Job Failed", or never finishing. */
  asyncOutcome?: "complete" | "fail" | "stuck";
  /** A `limit` above this answers code 1 "Please reduce the amount of data" (default: never). */
  reduceDataAbove?: number;
  /** Slices per ad-day in breakdown reports (default 2). */
  breakdownBuckets?: number;
  /** Usage percentage reported in the usage headers (default 5). */
  usagePct?: number;
  /** estimated_time_to_regain_access in minutes (default 0). */
  regainMinutes?: number;
  /** Leave `paging.cursors` out, so only `paging.next` tells the way (some edges answer like that). */
  omitCursors?: boolean;
  /**
   * Campaigns, ad sets or ads (by id) that were deleted or archived; their children inherit it. As Meta does, edges and
   * level=ad insights leave them out unless `effective_status` / `filtering` on `ad.effective_status` names the status.
   */
  objectStatus?: Record<string, "DELETED" | "ARCHIVED">;
}

/** One request the emulator served. */
export interface MetaRequestLog { method: string; path: string; query: Record<string, string>; authorization?: string; status: number }

export interface MetaSandbox extends Sandbox {
  world: World;
  requests: MetaRequestLog[];
  /** Queue a fault. */
  fail(fault: MetaFault): void;
  /** Change options (usage, async outcome, token) while running. */
  set(options: Partial<Omit<MetaEmulatorOptions, "world" | "worldOptions">>): void;
}

const MAX_LOG = 100_000; // bounded request log for long-running demo servers
const PAGE_DEFAULT = 25; // Graph API's default page size.
const encodeCursor = (n: number) => Buffer.from(String(n)).toString("base64url");
const decodeCursor = (s: string | undefined) => (s ? Number(Buffer.from(s, "base64url").toString()) || 0 : 0);

/** Start a loopback Graph API (Marketing API subset) serving the shared sandbox world's Meta accounts. */
export async function startMetaSandbox(input: Record<string, unknown> = {}): Promise<MetaSandbox> {
  const opts = input as MetaEmulatorOptions;
  const o = { token: "sandbox-meta-token", apiVersion: "v21.0", asyncPolls: 2, asyncOutcome: "complete", breakdownBuckets: 2, usagePct: 5, regainMinutes: 0, objectStatus: {}, ...opts } as Required<Omit<MetaEmulatorOptions, "world" | "worldOptions" | "reduceDataAbove" | "omitCursors">> & { reduceDataAbove?: number; omitCursors?: boolean };
  const world = worldFrom(input);
  const meta = world.platform("meta");
  const faults: MetaFault[] = [];
  const requests: MetaRequestLog[] = [];
  const runs = new Map<string, { accountId: string; query: Record<string, string>; polls: number }>();
  const cache = new Map<string, Record<string, unknown>[]>();
  let calls = 0;
  let url = "";

  const usageHeaders = (): Record<string, string> => {
    const pct = o.usagePct;
    const buc = Object.fromEntries(meta.accounts().map((a) => [a.id, [{ type: "ads_insights", call_count: pct, total_cputime: Math.floor(pct / 2), total_time: Math.floor(pct / 2), estimated_time_to_regain_access: o.regainMinutes }]]));
    return {
      "x-business-use-case-usage": JSON.stringify(buc),
      "x-ad-account-usage": JSON.stringify({ acc_id_util_pct: pct, reset_time_duration: 0, ads_api_access_tier: "standard_access" }),
      "x-app-usage": JSON.stringify({ call_count: Math.floor(pct / 3), total_cputime: 1, total_time: 1 }),
    };
  };
  const metaError = (code: number, message: string, type = "OAuthException", subcode?: number) => ({ error: { message, type, code, error_subcode: subcode, fbtrace_id: `A${++calls}x` } });

  function page(rows: unknown[], query: Record<string, string>, path: string) {
    const limit = Number(query.limit) || PAGE_DEFAULT;
    const offset = decodeCursor(query.after);
    const data = rows.slice(offset, offset + limit);
    const more = offset + limit < rows.length;
    const paging: Record<string, unknown> = o.omitCursors ? {} : { cursors: { before: encodeCursor(offset), after: encodeCursor(offset + data.length) } };
    if (more) {
      const next = new URL(`${url}/${o.apiVersion}/${path}`);
      for (const [k, v] of Object.entries({ ...query, after: encodeCursor(offset + data.length) })) next.searchParams.set(k, v);
      paging.next = next.toString();
    }
    return { data, paging };
  }

  /** Live statuses by the world's state; a deleted or archived parent makes its children so too. */
  const statusOf = (ids: (string | undefined)[], live: string) => ids.map((id) => (id ? o.objectStatus[id] : undefined)).find(Boolean) ?? (live === "active" ? "ACTIVE" : "PAUSED");
  const HIDDEN = ["DELETED", "ARCHIVED"];
  /** The statuses a request asks for: a JSON list, or Meta's default (everything but deleted and archived). */
  const wantedStatuses = (list: string | undefined) => {
    if (!list) return undefined;
    try { return new Set(JSON.parse(list) as string[]); } catch { return new Set<string>(); }
  };
  const visible = (status: string, wanted: Set<string> | undefined) => (wanted ? wanted.has(status) : !HIDDEN.includes(status));
  /** The ad.effective_status IN filter of an insights request, if any. */
  const adStatusFilter = (filtering: string | undefined) => {
    if (!filtering) return undefined;
    const f = (JSON.parse(filtering) as { field?: string; operator?: string; value?: string[] }[]).find((x) => x.field === "ad.effective_status" && x.operator === "IN");
    return f ? JSON.stringify(f.value ?? []) : undefined;
  };

  function insights(accountId: string, q: Record<string, string>) {
    const range = JSON.parse(q.time_range ?? "{}") as { since?: string; until?: string };
    if (q.level !== "ad" || q.time_increment !== "1" || !range.since || !range.until) return { status: 400, body: metaError(100, "(#100) this emulator serves level=ad, time_increment=1 with a time_range", "OAuthException") };
    const windows = JSON.parse(q.action_attribution_windows ?? '["7d_click","1d_view"]') as string[];
    const breakdown = q.breakdowns === "age,gender" ? "age_gender" : q.breakdowns === "country" ? "country" : q.breakdowns ? "bad" : undefined;
    if (breakdown === "bad") return { status: 400, body: metaError(100, `(#100) unsupported breakdowns ${q.breakdowns}`) };
    // Pages of one report share its rows: computed once per report and restatement epoch.
    let statuses: string | undefined;
    try { statuses = adStatusFilter(q.filtering); } catch { return { status: 400, body: metaError(100, "(#100) filtering must be a JSON array of {field, operator, value}") }; }
    const wanted = wantedStatuses(statuses);
    const key = [accountId, range.since, range.until, windows.join(","), breakdown ?? "", o.breakdownBuckets, world.epoch, statuses ?? "", JSON.stringify(o.objectStatus)].join("|");
    let rows = cache.get(key);
    if (!rows) {
      if (cache.size >= 8) cache.clear();
      const shown = new Set(meta.ads({ accountId }).filter((a) => visible(statusOf([a.id, a.adGroupId, a.campaignId], a.status), wanted)).map((a) => a.id));
      rows = insightRows(world, accountId, range.since, range.until, windows, breakdown, o.breakdownBuckets).filter((r) => shown.has(r.ad_id as string));
      cache.set(key, rows);
    }
    return { status: 200, rows };
  }

  function route(method: string, parts: string[], q: Record<string, string>): { status: number; body: unknown } {
    const [first, edge] = parts;
    const accountId = first?.startsWith("act_") ? first.slice(4) : undefined;
    if (accountId !== undefined && !meta.account(accountId)) return { status: 400, body: metaError(100, `(#100) Unknown ad account ${first}, or the token cannot see it`) };
    if (accountId !== undefined && !edge && method === "GET") {
      const a = meta.account(accountId)!;
      return { status: 200, body: { id: first, account_id: a.id, name: a.name, currency: a.currency, timezone_name: a.timezone, account_status: 1 } };
    }
    if (accountId !== undefined && method === "GET" && (edge === "campaigns" || edge === "adsets" || edge === "ads")) {
      const wanted = wantedStatuses(q.effective_status);
      const rows = (edge === "campaigns"
        ? meta.campaigns(accountId).map((c) => ({ id: c.id, account_id: accountId, name: c.name, status: statusOf([c.id], c.status), effective_status: statusOf([c.id], c.status), objective: c.objective }))
        : edge === "adsets"
          ? meta.adGroups({ accountId }).map((g) => ({ id: g.id, account_id: accountId, campaign_id: g.campaignId, name: g.name, status: statusOf([g.id], g.status), effective_status: statusOf([g.id, g.campaignId], g.status) }))
          : meta.ads({ accountId }).map((a) => ({ id: a.id, account_id: accountId, campaign_id: a.campaignId, adset_id: a.adGroupId, name: a.name, status: statusOf([a.id], a.status), effective_status: statusOf([a.id, a.adGroupId, a.campaignId], a.status) })))
        .filter((r) => visible(r.effective_status, wanted));
      return { status: 200, body: page(rows, q, parts.join("/")) };
    }
    if (accountId !== undefined && edge === "insights") {
      if (o.reduceDataAbove !== undefined && Number(q.limit ?? PAGE_DEFAULT) > o.reduceDataAbove) {
        return { status: 500, body: metaError(1, "Please reduce the amount of data you're asking for, then retry your request", "OAuthException") };
      }
      if (method === "POST") {
        if (q.is_async !== "true") return { status: 400, body: metaError(100, "(#100) POST insights needs is_async=true") };
        const id = `${6000000000000 + runs.size + 1}`;
        runs.set(id, { accountId, query: q, polls: 0 });
        return { status: 200, body: { report_run_id: id } };
      }
      const r = insights(accountId, q);
      return r.rows ? { status: 200, body: page(r.rows, q, parts.join("/")) } : { status: r.status, body: r.body };
    }
    const run = first ? runs.get(first) : undefined;
    if (run && !edge) {
      run.polls++;
      const done = o.asyncOutcome === "complete" && run.polls > o.asyncPolls;
      const failed = o.asyncOutcome === "fail" && run.polls > o.asyncPolls;
      const status = done ? "Job Completed" : failed ? "Job Failed" : run.polls === 1 ? "Job Not Started" : "Job Running";
      const pct = done ? 100 : Math.min(99, Math.round((100 * (run.polls - 1)) / Math.max(1, o.asyncPolls)));
      return { status: 200, body: { id: first, account_id: run.accountId, async_status: status, async_percent_completion: failed ? pct : pct } };
    }
    if (run && edge === "insights") {
      if (!(o.asyncOutcome === "complete" && run.polls > o.asyncPolls)) return { status: 400, body: metaError(100, "(#100) the report run has not completed") };
      const r = insights(run.accountId, run.query);
      return { status: 200, body: page(r.rows ?? [], { ...q }, parts.join("/")) };
    }
    return { status: 400, body: metaError(803, `(#803) Some of the aliases you requested do not exist: ${parts.join("/")}`) };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const q = Object.fromEntries(u.searchParams);
    const parts = u.pathname.split("/").filter(Boolean);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? "GET", path: u.pathname, query: q, authorization: req.headers.authorization, status });
      if (requests.length > MAX_LOG) requests.splice(0, requests.length - MAX_LOG);
      res.writeHead(status, { "content-type": "application/json", ...usageHeaders(), ...headers });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on("end", () => {
      const token = req.headers.authorization?.replace(/^Bearer /, "") ?? q.access_token;
      if (token !== o.token) return send(400, metaError(190, "Error validating access token: Session has expired on Friday, 20-Nov-26 09:00:00 PST.", "OAuthException", 463));
      const fault = faults.find((f) => !f.path || f.path.test(u.pathname));
      if (fault) {
        if (fault.times !== undefined && --fault.times <= 0) faults.splice(faults.indexOf(fault), 1);
        return send(fault.status, fault.body, fault.headers);
      }
      if (parts[0] !== o.apiVersion) return send(400, metaError(2635, `(#2635) Unknown API version ${parts[0]}; use ${o.apiVersion}`));
      const r = route(req.method ?? "GET", parts.slice(1), q);
      send(r.status, r.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const disallow = allowSandboxOrigin(url);
  return {
    url, world, requests,
    config: { accessToken: o.token, accountIds: meta.accounts().map((a) => `act_${a.id}`), apiVersion: o.apiVersion, baseUrl: url, asyncPollSeconds: 0.01, slowDownMaxSeconds: 0.05 },
    fail: (f) => { faults.push({ times: 1, ...f }); },
    set: (next) => { Object.assign(o, next); },
    close: () => (disallow(), new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))),
  };
}

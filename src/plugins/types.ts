import type { z } from "zod";
import type { EntityRow, FactRow } from "../db/facts.js";
import type { Logger } from "../logger.js";
import type { RunCache } from "./run-cache.js";

/** What a connector can do; the sync engine plans around it. */
export interface Capabilities {
  /** Reads from saved state instead of the full history. */
  incremental: boolean;
  /** Days re-read before the saved cursor, because the platform restates (attribution windows). */
  defaultLookbackDays: number;
  /** Largest date window one read request may cover. */
  maxWindowDays: number;
}

/** A stream the connector offers. */
export interface StreamInfo {
  name: string;
  /** "daily" facts or "entity" dimension rows. */
  kind: "facts" | "entities";
  /** Grain of the rows, e.g. "ad × day" or "campaign". */
  grain: string;
  /** Fields that identify a record. */
  primaryKey: string[];
  /** Field the incremental cursor follows (a date for daily streams). */
  cursorField?: string;
  /** Breakdown fields of the stream ('' set for the main stream). */
  breakdowns?: string[];
}

export interface CheckResult {
  ok: boolean;
  /** Why the check failed, in words that say what to fix. */
  reason?: string;
}

/**
 * What the engine asks `read` for. The engine plans date windows itself (capped by maxWindowDays,
 * starting from its saved date cursor minus the lookback), so a plugin reads exactly [start, end]
 * and need not interpret `state` for daily streams; `state` is for whatever else a plugin tracks.
 */
export interface ReadRequest {
  /** Streams to read; all when empty. */
  streams: string[];
  /** Inclusive date window, YYYY-MM-DD; never longer than capabilities.maxWindowDays. */
  start: string;
  end: string;
  /** Opaque state per stream from the last StateMessage the engine committed. */
  state: Record<string, unknown>;
}

export interface RecordMessage {
  type: "record";
  stream: string;
  /** The record exactly as the platform returned it (what raw landing stores). */
  data: unknown;
  /** Stable key of the record within the stream, for raw landing. */
  key?: string;
}
export interface StateMessage {
  type: "state";
  stream: string;
  /** Opaque; committed only after every record yielded before it is committed. */
  state: unknown;
}
export interface LogMessage {
  type: "log";
  level: "debug" | "info" | "warn" | "error";
  message: string;
  /** Structured detail, e.g. { rateLimitWaitMs, reason } or { page, window }. */
  data?: Record<string, unknown>;
}
export type Message = RecordMessage | StateMessage | LogMessage;

/** One rejected raw record: the reason says what is wrong with it. */
export interface Reject {
  reason: string;
  field?: string;
}

/** The unified rows one raw record maps to. */
export interface NormalizedRows {
  facts: FactRow[];
  entities: EntityRow[];
  rejects: Reject[];
}

/** What the core hands a plugin call: logging, cancellation, a clock, and the HTTP toolkit's hooks. */
export interface PluginContext {
  logger: Logger;
  signal: AbortSignal;
  /** Today's date for the run, injectable so tests are deterministic. */
  now: () => Date;
  /** Reports a rate-limit wait (reason, ms) to the progress stream. */
  onRateLimit?: (info: { reason: string; waitMs: number }) => void;
  /** Longest single wait the run accepts before failing with RateLimited. */
  maxWaitMs?: number;
  /** Look-ups shared by all streams and windows of one run (accounts, advertisers, tokens, metrics). */
  cache?: RunCache;
}

/** A loopback emulator of a platform's API. */
export interface Sandbox {
  /** Base URL to put in the plugin's config. */
  url: string;
  /** A config that points the plugin at this emulator. */
  config: Record<string, unknown>;
  close(): Promise<void>;
}
export type SandboxFactory = (options?: Record<string, unknown>) => Promise<Sandbox>;

/** A connector plugin: a plain object, registered in one map (DESIGN.md §4). */
export interface ConnectorPlugin<Config = Record<string, unknown>> {
  /** Registry id, e.g. "meta-ads". */
  id: string;
  /** Human name, e.g. "Meta Ads". */
  name: string;
  /** Platform written into facts ("meta", "google_ads", "tiktok", "klaviyo", …). */
  platform: string;
  capabilities: Capabilities;
  /** Config schema; secret fields are listed in `secretFields` and encrypted at rest. */
  spec: z.ZodType<Config>;
  /** Top-level config fields that are secrets (tokens, keys). */
  secretFields: readonly string[];
  /** Hosts its URL fields (baseUrl, tokenUrl) may name without an operator grant; absent: any public host. */
  allowedHosts?: readonly string[];
  /** A config that passes `spec` (docs, contract tests). */
  sampleConfig: Config;
  /** Verify credentials and access; bad credentials → { ok: false, reason }. */
  check(config: Config, ctx: PluginContext): Promise<CheckResult>;
  /** The streams this connection offers. */
  discover(config: Config, ctx: PluginContext): Promise<StreamInfo[]>;
  /** Yield raw records, state checkpoints and logs for the requested window. */
  read(config: Config, request: ReadRequest, ctx: PluginContext): AsyncIterable<Message>;
  /** Map one raw record of a stream to unified facts and entities; pure, no I/O. */
  normalize(stream: string, record: unknown, ctx: { config: Config }): NormalizedRows;
  /** A loopback emulator of the platform's API, for tests and the demo. */
  sandbox?: SandboxFactory;
}

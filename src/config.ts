import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { isAllowlistEntry } from "./plugins/outbound.js";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
  LIFTGATE_DATA_DIR: z.string().default(".liftgate"),
  LIFTGATE_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["auto", "pretty", "json"]).default("auto"),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters (e.g. `openssl rand -hex 24`)").optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(12),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(50_000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().positive().default(50),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().positive().default(50),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(10_000),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_JIT: bool.optional(),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_COST_UNIT: z.coerce.number().int().positive().default(5_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
  REQUEST_CONCURRENCY_PER_ORG: z.coerce.number().int().min(1).default(4),
  INGEST_MAX_ROWS: z.coerce.number().int().positive().default(5_000),
  CORS_ORIGINS: z
    .string()
    .default("")
    .refine((v) => v.split(",").map((o) => o.trim()).filter(Boolean).every((o) => /^https?:\/\/[^/\s?#]+$/.test(o)), "must be a comma-separated list of origins such as https://app.example.com (scheme, host and port; no path)"),
  PUBLIC_URL: z.string().regex(/^https?:\/\/[^\s?#]+$/, "must be the gateway's public base URL such as https://liftgate.example.com (no query)").optional(),
  IMPORT_DIR: z.string().optional(),
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(",").map((h) => h.trim()).filter(Boolean).every(isAllowlistEntry), "must be a comma-separated list of host names (*.example.com allowed), IP addresses or CIDR ranges such as 10.0.0.0/8"),
  DB_POOL_MAX: z.coerce.number().int().min(2).max(1000).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(120_000),
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(100 * 1024 * 1024),
  LIFTGATE_PLUGINS: z.string().default(""),
  LIFTGATE_SCHEDULER: bool.default(true),
  LIFTGATE_SCHEDULER_TICK_MS: z.coerce.number().int().min(50).default(30_000),
  LIFTGATE_HEARTBEAT_MS: z.coerce.number().int().min(50).default(5_000),
  LIFTGATE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LIFTGATE_JOB_POLL_MS: z.coerce.number().int().min(50).default(2_000),
  LIFTGATE_COMPUTE_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  LIFTGATE_COMPUTE_NICE: z.coerce.number().int().min(0).max(19).default(19),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_EMBEDDING_MODEL: z.string().default("text-embedding-3-small"),
  OPENAI_CHAT_MODEL: z.string().default("gpt-4o-mini"),
  PINECONE_API_KEY: z.string().optional(),
  PINECONE_INDEX_HOST: z.string().optional(),
});

export type Env = z.input<typeof schema>;

/** The parsed, frozen configuration. `src/config.ts` is the only reader of `process.env`. */
export interface Config {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  /** PostgreSQL URL; when absent the embedded PGlite database under `dataDir` is used. */
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL pool size and the longest statement / idle transaction the server allows (ms, 0 = no limit). */
  db: { poolMax: number; statementTimeoutMs: number };
  encryptionKey?: string;
  logLevel: string;
  /** Whether LOG_LEVEL was set: CLI commands log at `warn` unless it was. */
  logLevelGiven: boolean;
  /** `auto` (pretty on a terminal, JSON otherwise), `pretty` or `json`. */
  logFormat: "auto" | "pretty" | "json";
  /** Bearer token for GET /metrics (Prometheus); the endpoint is off without it. */
  metricsToken?: string;
  /** How long a signal's graceful drain may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  /** Per-operation limits (depth, estimated cost, aliases, directives, tokens) and introspection, on HTTP and WebSocket. */
  graphql: { maxDepth: number; maxCost: number; maxAliases: number; maxDirectives: number; maxTokens: number; introspection: boolean; jit: boolean };
  /** Per-API-key token bucket (per instance): tokens a minute (0 = off), and the estimated cost that counts one more token. */
  rateLimit: { perMinute: number; costUnit: number };
  /** Each query/mutation's deadline (ms, 0 = none) and how many operations one organization runs at once. */
  requests: { timeoutMs: number; concurrencyPerOrg: number };
  ingestMaxRows: number;
  /** Browser origins allowed to call the API (CORS); none by default. */
  corsOrigins: string[];
  /** Base URL of this gateway as clients reach it (export links); default: the request's own origin. */
  publicUrl?: string;
  /** Server files the csv connector may read (an operator grant, off without `dir`) and the largest CSV read or uploaded. */
  imports: { dir?: string; maxBytes: number };
  /**
   * Private, loopback or link-local hosts connectors may reach besides public ones (names, IPs, CIDRs).
   * Default none; under NODE_ENV=test, loopback (tests run their emulators on 127.0.0.1).
   */
  outbound: { allow: string[] };
  /** External connector plugins: npm package names or paths. */
  plugins: string[];
  scheduler: boolean;
  /** How often the scheduler looks for due connections. */
  schedulerTickMs: number;
  /** How often a running sync writes its heartbeat; after 6 missed heartbeats another worker takes the run over. */
  heartbeatMs: number;
  /** Jobs (syncs, training, indexing) one worker process runs at a time. */
  workerConcurrency: number;
  /** How often an idle worker polls for retries that became due (new jobs arrive at once by LISTEN). */
  jobPollMs: number;
  /** Worker threads of the compute pool (model fits, permutations); default all cores but one, at most 4. */
  computeThreads?: number;
  /** Nice value of the compute pool's threads on Linux (0–19; 19 lowest): the event loop gets the CPU first when cores are busy. */
  computeNice: number;
  /** `liftgate worker`: port of its /healthz and /readyz (on HOST); unset, the worker serves nothing. */
  workerHealthPort?: number;
  openai?: { apiKey: string; baseURL?: string; embeddingModel: string; chatModel: string };
  pinecone?: { apiKey: string; indexHost: string };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Parse an environment (default `process.env`) into a Config, or throw a ConfigError naming each bad
 * variable. `overrides` (command-line flags such as `serve --port`) win over the environment.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Record<keyof Env, string>> = {}): Readonly<Config> {
  // A flag that was not given (undefined) must not hide the environment's value (serve without --port keeps PORT).
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const cleaned = Object.fromEntries(Object.entries({ ...env, ...given }).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.PINECONE_API_KEY && !e.PINECONE_INDEX_HOST) {
    throw new ConfigError("Invalid configuration:\n  PINECONE_INDEX_HOST: required when PINECONE_API_KEY is set");
  }
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LIFTGATE_DATA_DIR,
    db: { poolMax: e.DB_POOL_MAX, statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS },
    encryptionKey: e.LIFTGATE_ENCRYPTION_KEY,
    logLevel: e.LOG_LEVEL,
    logLevelGiven: cleaned.LOG_LEVEL !== undefined,
    logFormat: e.LOG_FORMAT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      introspection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== "production",
      jit: e.GRAPHQL_JIT ?? false,
    },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, costUnit: e.RATE_LIMIT_COST_UNIT },
    requests: { timeoutMs: e.REQUEST_TIMEOUT_MS, concurrencyPerOrg: e.REQUEST_CONCURRENCY_PER_ORG },
    ingestMaxRows: e.INGEST_MAX_ROWS,
    corsOrigins: e.CORS_ORIGINS.split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    imports: { dir: e.IMPORT_DIR, maxBytes: e.IMPORT_MAX_BYTES },
    outbound: { allow: (e.OUTBOUND_ALLOW_HOSTS ?? (e.NODE_ENV === "test" ? "localhost,127.0.0.0/8,::1" : "")).split(",").map((h) => h.trim()).filter(Boolean) },
    plugins: e.LIFTGATE_PLUGINS.split(",").map((s) => s.trim()).filter(Boolean),
    scheduler: e.LIFTGATE_SCHEDULER,
    schedulerTickMs: e.LIFTGATE_SCHEDULER_TICK_MS,
    heartbeatMs: e.LIFTGATE_HEARTBEAT_MS,
    workerConcurrency: e.LIFTGATE_WORKER_CONCURRENCY,
    jobPollMs: e.LIFTGATE_JOB_POLL_MS,
    computeThreads: e.LIFTGATE_COMPUTE_THREADS,
    computeNice: e.LIFTGATE_COMPUTE_NICE,
    workerHealthPort: e.WORKER_HEALTH_PORT,
    openai: e.OPENAI_API_KEY
      ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, embeddingModel: e.OPENAI_EMBEDDING_MODEL, chatModel: e.OPENAI_CHAT_MODEL }
      : undefined,
    pinecone: e.PINECONE_API_KEY ? { apiKey: e.PINECONE_API_KEY, indexHost: e.PINECONE_INDEX_HOST! } : undefined,
  };
  return deepFreeze(config);
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === "object") deepFreeze(v);
  return Object.freeze(o);
}

/**
 * Load `.env` from the working directory (or LIFTGATE_ENV_FILE) into the environment, as `.env.example`
 * documents; variables already set in the environment win. Returns the file read, if any.
 */
export function loadDotEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const file = resolve(env.LIFTGATE_ENV_FILE || ".env");
  if (!existsSync(file)) {
    if (env.LIFTGATE_ENV_FILE) throw new ConfigError(`LIFTGATE_ENV_FILE names ${file}, which does not exist.`);
    return undefined;
  }
  process.loadEnvFile(file);
  return file;
}

import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config.js";

describe("loadConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    const c = loadConfig({});
    expect([c.env, c.host, c.port, c.databaseUrl, c.dataDir, c.graphql, c.rateLimit, c.requests, c.ingestMaxRows, c.plugins, c.openai, c.pinecone]).toEqual([
      "development", "127.0.0.1", 4000, undefined, ".liftgate", { maxDepth: 12, maxCost: 50_000, maxAliases: 50, maxDirectives: 50, maxTokens: 10_000, introspection: true, jit: false },
      { perMinute: 600, costUnit: 5000 }, { timeoutMs: 30_000, concurrencyPerOrg: 4 }, 5000, [], undefined, undefined,
    ]);
  });

  it("names every bad variable and what it must be", () => {
    expect(() => loadConfig({ PORT: "70000", DATABASE_URL: "not a url", LIFTGATE_ENCRYPTION_KEY: "abc" })).toThrowError(
      new ConfigError(
        "Invalid configuration:\n" +
          "  PORT: Too big: expected number to be <=65535\n" +
          "  DATABASE_URL: Invalid URL\n" +
          "  LIFTGATE_ENCRYPTION_KEY: must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`",
      ),
    );
  });

  it("runs queries on graphql-js unless GRAPHQL_JIT=true", () => {
    expect([loadConfig({}).graphql.jit, loadConfig({ GRAPHQL_JIT: "true" }).graphql.jit]).toEqual([false, true]);
  });

  it("turns introspection off in production unless asked for", () => {
    expect(loadConfig({ NODE_ENV: "production" }).graphql.introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", GRAPHQL_INTROSPECTION: "true" }).graphql.introspection).toBe(true);
  });

  it("requires the Pinecone index host with a Pinecone key", () => {
    expect(() => loadConfig({ PINECONE_API_KEY: "k" })).toThrowError("PINECONE_INDEX_HOST: required when PINECONE_API_KEY is set");
  });

  it("splits external plugins and freezes the result", () => {
    const c = loadConfig({ LIFTGATE_PLUGINS: " @acme/a, ./b.js ,," });
    expect(c.plugins).toEqual(["@acme/a", "./b.js"]);
    expect(Object.isFrozen(c) && Object.isFrozen(c.graphql)).toBe(true);
  });

  it("lets connectors reach no private host by default, loopback under NODE_ENV=test, and what OUTBOUND_ALLOW_HOSTS lists", () => {
    expect(loadConfig({}).outbound.allow).toEqual([]);
    expect(loadConfig({ NODE_ENV: "test" }).outbound.allow).toEqual(["localhost", "127.0.0.0/8", "::1"]);
    expect(loadConfig({ NODE_ENV: "test", OUTBOUND_ALLOW_HOSTS: "none" }).outbound.allow).toEqual(["none"]);
    expect(loadConfig({ OUTBOUND_ALLOW_HOSTS: " 10.0.0.0/8, *.corp.example " }).outbound.allow).toEqual(["10.0.0.0/8", "*.corp.example"]);
    expect(() => loadConfig({ OUTBOUND_ALLOW_HOSTS: "10.0.0.0/40" })).toThrowError("OUTBOUND_ALLOW_HOSTS: must be a comma-separated list");
  });
});

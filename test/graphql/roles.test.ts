import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import {
  buildClientSchema, getIntrospectionQuery, getNamedType, isInputObjectType, isEnumType, isListType, isNonNullType, isLeafType,
  type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema, type IntrospectionQuery,
} from "graphql";
import type { Client } from "graphql-ws";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { codes, gql } from "../helpers/graphql.js";
import { wsClient, wsExecute } from "../helpers/ws.js";
import { queryRows } from "../../src/db/query.js";

type Role = "viewer" | "editor" | "admin";
const ROLES: Role[] = ["viewer", "editor", "admin"];

/**
 * The role each root field needs: the one declared source this test checks the served schema against.
 * A field the schema serves without an entry here fails the test, so a new operation cannot go untested.
 */
const REQUIRED: Record<"Query" | "Mutation" | "Subscription", Record<string, Role>> = {
  Query: {
    apiKeys: "admin", ask: "viewer", attributionModel: "viewer", attributionModels: "viewer", calendar: "viewer",
    causalAnalyses: "viewer", causalAnalysis: "viewer", causalDataset: "viewer", connection: "viewer", connections: "viewer",
    connectors: "viewer", currentApiKey: "viewer", dataQuality: "viewer", entities: "viewer", experiment: "viewer",
    experimentPower: "viewer", experiments: "viewer", exportLinks: "viewer", facts: "viewer", importBatch: "viewer",
    importBatches: "viewer", insights: "viewer", marketingEvents: "viewer", metrics: "viewer", node: "viewer", nodes: "viewer",
    optimizeBudget: "viewer", organization: "viewer", previewTransform: "viewer", recommendBudget: "viewer",
    sandboxTruth: "viewer", search: "viewer", syncRun: "viewer", syncRuns: "viewer", webhookEndpoints: "admin",
  },
  Mutation: {
    // Reading data out (export links) is a viewer's right; writing data needs an editor; keys, connections'
    // credentials, the organization's settings, FX rates and webhooks need an admin.
    createExportLink: "viewer", revokeExportLink: "viewer",
    analyzeExperiment: "editor", cancelSync: "editor", cancelTraining: "editor", createExperiment: "editor",
    createMarketingEvent: "editor", deleteCausalAnalysis: "editor", deleteExperiment: "editor", deleteMarketingEvent: "editor",
    importCsv: "editor", ingestFacts: "editor", ingestRecords: "editor", ingestTouchpoints: "editor", reindexMemory: "editor",
    retransform: "editor", runCausalAnalysis: "editor", startSync: "editor", testConnection: "editor",
    trainAttributionModel: "editor", updateExperiment: "editor", updateMarketingEvent: "editor", uploadExperimentData: "editor",
    createApiKey: "admin", createConnection: "admin", createWebhookEndpoint: "admin", deleteConnection: "admin",
    deleteWebhookEndpoint: "admin", redeliverWebhook: "admin", revokeApiKey: "admin", setFxRates: "admin",
    updateConnection: "admin", updateOrganization: "admin",
  },
  Subscription: { syncProgress: "viewer", trainingProgress: "viewer" },
};

const SCALARS: Record<string, unknown> = {
  ID: "placeholder", String: "x", Int: 1, Float: 1, Boolean: false, SafeInt: 1, Decimal: "1",
  Date: "2024-01-01", DateTime: "2024-01-01T00:00:00.000Z", JSON: {},
};

/** A value of the right type that means nothing: the role check must answer before any of it is looked at. */
function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [placeholder(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.value;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(required.map((f) => [f.name, placeholder(f.type)]));
  }
  if (!(type.name in SCALARS)) throw new Error(`no placeholder for scalar ${type.name}: add one to SCALARS`);
  return SCALARS[type.name];
}

/** One operation calling `field` with placeholder values for its required arguments (optional ones left out). */
function operationFor(kind: "query" | "mutation", field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const vars = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(", ");
  const call = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  return {
    query: `${kind}${vars ? `(${vars})` : ""} { ${field.name}${call}${selection} }`,
    variables: Object.fromEntries(args.map((a) => [a.name, placeholder(a.type)])),
  };
}

let server: TestServer;
let schema: GraphQLSchema;
const keys = {} as Record<Role, string>;
const sockets = {} as Record<Role, Client>;

/** Every org table's content (api_keys without last_used_at, which a request may touch): equal before and after = nothing changed. */
async function fingerprint(): Promise<Record<string, string>> {
  const db = server.app.database.db;
  const tables = await queryRows<{ t: string }>(db, sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const row = t === "api_keys" ? sql`(x.id, x.name, x.role, x.revoked_at)` : sql.raw("x");
    const [r] = await queryRows<{ n: number; h: string }>(db, sql`select count(*)::int as n, md5(coalesce(string_agg(${row}::text, '|' order by ${row}::text), '')) as h from ${sql.identifier(t)} x`);
    out[t] = `${r!.n}:${r!.h}`;
  }
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  const org = await server.createOrg("Roles");
  for (const role of ROLES) keys[role] = await org.key(role);
  for (const role of ROLES) sockets[role] = wsClient(server.wsUrl, keys[role]);
  const intro = await gql<IntrospectionQuery>(server.url, keys.viewer, getIntrospectionQuery());
  expect(intro.errors).toBeUndefined();
  schema = buildClientSchema(intro.data!);
});
afterAll(async () => {
  await Promise.all(ROLES.map((r) => sockets[r].dispose()));
  await server.close();
});

const rootFields = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});
const lower = (role: Role) => ROLES.slice(0, ROLES.indexOf(role));

describe("roles, derived from the served schema", () => {
  it.each(["Query", "Mutation", "Subscription"] as const)("every %s field has a required role in the table, and the table names no field the schema lacks", (root) => {
    const served = rootFields(schema.getType(root) as GraphQLObjectType).map((f) => f.name).sort();
    expect(served.length).toBeGreaterThan(0);
    expect(Object.keys(REQUIRED[root]).sort()).toEqual(served);
  });

  it("a key below a mutation's role gets FORBIDDEN on HTTP and WebSocket, and nothing in the database changes", async () => {
    const before = await fingerprint();
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const field of rootFields(schema.getMutationType())) {
      const { query, variables } = operationFor("mutation", field);
      for (const role of lower(REQUIRED.Mutation[field.name]!)) {
        const http = await gql(server.url, keys[role], query, variables);
        const ws = await wsExecute(sockets[role], query, variables);
        answers[`${field.name} as ${role}`] = { http: [codes(http), http.data ?? null], ws: [ws.errors?.map((e) => e.extensions?.code), ws.data ?? null] };
        expected[`${field.name} as ${role}`] = { http: [["FORBIDDEN"], null], ws: [["FORBIDDEN"], null] };
      }
    }
    expect(Object.keys(expected).length).toBe(2 * 10 + 21); // 10 admin-only mutations (viewer, editor), 21 editor ones (viewer)
    expect(answers).toEqual(expected);
    expect(await fingerprint()).toEqual(before);
  });

  it("a key below a query's role gets FORBIDDEN with no data", async () => {
    const answers: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const field of rootFields(schema.getQueryType())) {
      const { query, variables } = operationFor("query", field);
      for (const role of lower(REQUIRED.Query[field.name]!)) {
        const r = await gql(server.url, keys[role], query, variables);
        answers[`${field.name} as ${role}`] = [codes(r), r.data ?? null];
        expected[`${field.name} as ${role}`] = [["FORBIDDEN"], null];
      }
    }
    expect(Object.keys(expected).sort()).toEqual(["apiKeys as editor", "apiKeys as viewer", "webhookEndpoints as editor", "webhookEndpoints as viewer"]);
    expect(answers).toEqual(expected);
  });

  it("a key with exactly the required role is not refused for its role (queries and mutations)", async () => {
    const refused: string[] = [];
    for (const [kind, root] of [["query", schema.getQueryType()], ["mutation", schema.getMutationType()]] as const) {
      for (const field of rootFields(root)) {
        const { query, variables } = operationFor(kind, field);
        const r = await gql(server.url, keys[REQUIRED[kind === "query" ? "Query" : "Mutation"][field.name]!], query, variables);
        const c = codes(r);
        if (c.includes("FORBIDDEN") || c.includes("UNAUTHENTICATED") || r.status === 401 || r.status === 403) refused.push(`${field.name}: ${JSON.stringify(r.errors)}`);
      }
    }
    expect(refused).toEqual([]);
  });
});

import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { queryRows } from "../../src/db/query.js";
import { orgScope } from "../../src/db/scope.js";
import { createEventBus } from "../../src/events.js";
import { createLocalJobQueue } from "../../src/jobs/job-queue.js";
import { createApiKey } from "../../src/orgs/api-keys.js";
import { createOrganization } from "../../src/orgs/organizations.js";
import { csvUploadRouteMount } from "../../src/server/csv-upload.js";
import { createTestDatabase } from "../helpers/db.js";

let database: Database;
let server: Server;
let base: string;
const keys: Record<string, string> = {};
let acmeId: string;

const GOOGLE = "Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value\n2024-05-01,Search Brand,USD,\"1,234.50\",10000,300,12,960.00\n2024-05-01,Search Generic,USD,oops,5000,100,2,100\n2024-05-02,Search Brand,USD,1000.00,9000,250,10,800.00\n";
const post = (key: string | undefined, body: string | ReadableStream<Uint8Array>, query = "platform=google_ads") =>
  fetch(`${base}/imports/csv?${query}`, { method: "POST", body, headers: { "content-type": "text/csv", ...(key ? { authorization: `Bearer ${key}` } : {}) }, duplex: "half" } as RequestInit);

beforeAll(async () => {
  database = await createTestDatabase();
  const app: App = { config: loadConfig({ NODE_ENV: "test" }), database, logger: pino({ level: "silent" }), events: createEventBus(), jobs: createLocalJobQueue(() => {}) };
  const ex = express();
  const { path, router } = csvUploadRouteMount(app);
  ex.use(path, router);
  server = ex.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const acme = await createOrganization(database, { name: "Acme", slug: "acme-upload" });
  const other = await createOrganization(database, { name: "Other", slug: "other-upload" });
  acmeId = acme.id;
  keys.editor = (await createApiKey(orgScope(database, acme.id), { name: "e", role: "editor" })).secret;
  keys.viewer = (await createApiKey(orgScope(database, acme.id), { name: "v", role: "viewer" })).secret;
  keys.other = (await createApiKey(orgScope(database, other.id), { name: "o", role: "admin" })).secret;
});
afterAll(async () => { server?.close(); await database?.close(); });

describe("CSV upload over HTTP", () => {
  let batchId: string;

  it("imports a file posted by an editor key and answers with the batch and its rejects", async () => {
    const res = await post(keys.editor, GOOGLE, "platform=google_ads&fileName=may.csv");
    expect(res.status).toBe(201);
    const body = await res.json() as { batch: { id: string; rowsLoaded: number; rowsRejected: number; fileName: string; actor: string }; duplicate: boolean; rejectsPreview: unknown; rejectsUrl: string };
    batchId = body.batch.id;
    expect([body.duplicate, body.batch.rowsLoaded, body.batch.rowsRejected, body.batch.fileName, body.batch.actor.startsWith("key:")]).toEqual([false, 2, 1, "may.csv", true]);
    expect(body.rejectsPreview).toEqual([{ line: 3, reason: 'spend "oops" is not a number (decimal separator ".", thousands separator ",")' }]);
    expect(body.rejectsUrl).toBe(`/imports/${batchId}/rejects.csv`);
    const [t] = await queryRows<{ spend: string; n: number }>(database.db, sql`select sum(spend)::text as spend, count(*)::int as n from marketing_facts where org_id = ${acmeId}`);
    expect(t).toEqual({ spend: "2234.500000", n: 2 });
  });

  it("reports the same file again as a duplicate and loads nothing", async () => {
    const res = await post(keys.editor, GOOGLE);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ duplicate: true, batch: { id: batchId } });
  });

  it("lets a viewer download the rejects, but not upload", async () => {
    const csv = await fetch(`${base}/imports/${batchId}/rejects.csv`, { headers: { authorization: `Bearer ${keys.viewer}` } });
    expect([csv.status, csv.headers.get("content-type")]).toEqual([200, "text/csv; charset=utf-8"]);
    expect(await csv.text()).toBe('line,reason,Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value\n3,"spend ""oops"" is not a number (decimal separator ""."", thousands separator "","")",2024-05-01,Search Generic,USD,oops,5000,100,2,100\n');
    const res = await post(keys.viewer, GOOGLE);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ errors: [{ message: "This needs an API key with the editor role or higher; this key is a viewer key.", extensions: { code: "FORBIDDEN" } }] });
  });

  it("neutralises spreadsheet formulas in the rejects it gives back (CSV injection), leaving plain numbers alone", async () => {
    const evil = 'Day,Campaign,Currency code,Cost,Impr.,Clicks,Conversions,Conv. value\n2024-05-03,"=HYPERLINK(""http://x.example"",""y"")",USD,@SUM(A1),+1+1,-2,"\tcmd",-5.5\n';
    const res = await post(keys.editor, evil, "platform=google_ads&fileName=evil.csv");
    const { batch } = await res.json() as { batch: { id: string } };
    const csv = await (await fetch(`${base}/imports/${batch.id}/rejects.csv`, { headers: { authorization: `Bearer ${keys.editor}` } })).text();
    const row = csv.split("\n")[1]!;
    expect(row.slice(row.indexOf(",2024-05-03,"))).toBe(`,2024-05-03,"'=HYPERLINK(""http://x.example"",""y"")",USD,'@SUM(A1),'+1+1,-2,'\tcmd,-5.5`);
  });

  it("refuses requests without a key", async () => {
    const res = await post(undefined, GOOGLE);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("UNAUTHENTICATED");
  });

  it("hides one org's batches from another org's key", async () => {
    const res = await fetch(`${base}/imports/${batchId}`, { headers: { authorization: `Bearer ${keys.other}` } });
    expect(res.status).toBe(404);
    const list = await fetch(`${base}/imports`, { headers: { authorization: `Bearer ${keys.other}` } });
    expect(await list.json()).toEqual({ batches: [] });
  });

  it("answers a header it cannot map with 400 and what to fix", async () => {
    const res = await post(keys.editor, "When,Campaign,Cost\n2024-01-01,A,1\n", "platform=google_ads&defaultCurrency=USD");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe('Cannot find the date column in the header ("When", "Campaign", "Cost"). Rename the column or name it explicitly, e.g. --column date="<header>".');
  });

  it("takes column overrides and a streamed body, adding up rows of the same day and campaign", async () => {
    const rows = 7_000; // 28 days × 500 campaigns repeat every lcm(28, 500) = 3,500 rows: each key appears twice
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        const enc = new TextEncoder();
        c.enqueue(enc.encode("When;Name;Kosten\n"));
        for (let i = 0; i < rows; i += 1000) {
          let chunk = "";
          for (let j = i; j < i + 1000; j++) chunk += `${String(1 + (j % 28)).padStart(2, "0")}.02.2024;Kampagne ${j % 500};1.000,50\n`;
          c.enqueue(enc.encode(chunk));
        }
        c.close();
      },
    });
    const res = await post(keys.editor, stream, "platform=csv_de&dateFormat=DD.MM.YYYY&decimalSeparator=,&defaultCurrency=EUR&column.date=When&column.campaign=Name&column.spend=Kosten");
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ batch: { rowsRead: rows, rowsLoaded: rows, rowsRejected: 0 } });
    const [t] = await queryRows<{ spend: string; n: number }>(database.db, sql`select sum(spend)::text as spend, count(*)::int as n from marketing_facts where org_id = ${acmeId} and platform = 'csv_de'`);
    expect(t).toEqual({ spend: "7003500.000000", n: 3500 });
  });
});

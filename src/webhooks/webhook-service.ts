import { and, eq, inArray, sql } from "drizzle-orm";
import type { App } from "../app.js";
import { organizations, webhookDeliveries, webhookEndpoints, type WebhookDelivery, type WebhookEndpoint } from "../db/tables/index.js";
import type { OrgScope } from "../db/scope.js";
import { countByParent, newestFirstPage, newestFirstPagesByParent, type PageArgs } from "../db/newest-first-page.js";
import { badInput, notFound } from "../errors.js";
import { checkOutboundUrl, outboundBlockedCause, outboundFetch } from "../plugins/outbound.js";
import { secretBoxOf } from "../sync/secret-box.js";
import { newWebhookSecret, signWebhook } from "./webhook-signature.js";
import { webhookQueueOf } from "./webhook-queue.js";
import { WEBHOOK_EVENTS, type WebhookBody, type WebhookEvent, type WebhookEventData } from "./webhook-events.js";
import { isUuid } from "../db/node-lookup.js";

/** quality.below_threshold fires when a sync's quality score is below this, unless the endpoint sets its own. */
export const DEFAULT_QUALITY_THRESHOLD = 0.9;

/** The AAD binding a sealed secret to its endpoint (connections use their own ids the same way). */
const aad = (endpointId: string) => `webhook:${endpointId}`;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function checkUrl(raw: string): string {
  let url: URL;
  try { url = new URL(raw); } catch { throw badInput(`"${raw}" is not a URL; give the endpoint's https:// address.`); }
  // Plain http only to this machine (a local n8n or a tunnel); anything else must be https.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    throw badInput("Webhook URLs must use https:// (http:// is allowed only for localhost / 127.0.0.1).");
  if (url.username || url.password) throw badInput("Put no credentials in the webhook URL: receivers check the Liftgate-Signature header instead.");
  // The same SSRF guard as connectors: no private or loopback addresses unless OUTBOUND_ALLOW_HOSTS allows them.
  try { checkOutboundUrl(url); } catch (e) { throw badInput((e as Error).message); }
  return url.toString();
}

/** Register an endpoint; the secret is returned here once and stored encrypted. */
export async function createWebhookEndpoint(scope: OrgScope, app: App, input: { url: string; events: string[]; qualityThreshold?: number | null }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkUrl(input.url);
  const qualityThreshold = input.qualityThreshold ?? DEFAULT_QUALITY_THRESHOLD;
  if (!(qualityThreshold > 0 && qualityThreshold <= 1)) throw badInput(`qualityThreshold is a quality score above 0 and at most 1 (reports score 0–1); got ${qualityThreshold}.`, { field: "qualityThreshold" });
  const events = [...new Set(input.events)];
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length) throw badInput(`Choose events among ${WEBHOOK_EVENTS.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}.`);
  const secret = newWebhookSecret();
  return scope.database.transaction(async ({ db }) => {
    const [row] = await db.insert(webhookEndpoints).values({ orgId: scope.orgId, url, events, qualityThreshold, secretEnc: "pending" }).returning();
    const [endpoint] = await db.update(webhookEndpoints).set({ secretEnc: secretBoxOf(app).seal({ secret }, aad(row!.id)) })
      .where(eq(webhookEndpoints.id, row!.id)).returning();
    return { endpoint: endpoint!, secret };
  });
}

/** This org's endpoints, newest first, one page at a time. */
export const pageWebhookEndpoints = (scope: OrgScope, page: PageArgs) =>
  newestFirstPage<WebhookEndpoint>(scope.db, webhookEndpoints, webhookEndpoints, eq(webhookEndpoints.orgId, scope.orgId), page);

export async function deleteWebhookEndpoint(scope: OrgScope, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("Webhook endpoint", id);
  const gone = await scope.db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, scope.orgId), eq(webhookEndpoints.id, id))).returning({ id: webhookEndpoints.id });
  if (!gone.length) throw notFound("Webhook endpoint", id);
}

/** The same page of many endpoints' deliveries, newest first, in one statement. */
export const pageWebhookDeliveriesOf = (scope: OrgScope, endpointIds: readonly string[], page: PageArgs, totalCount: (endpointId: string) => Promise<number>) =>
  newestFirstPagesByParent<WebhookDelivery>(scope.db, webhookDeliveries, { ...webhookDeliveries, parent: webhookDeliveries.endpointId },
    eq(webhookDeliveries.orgId, scope.orgId), endpointIds, page, totalCount);

/** How many deliveries each endpoint has logged, in one statement. */
export const countWebhookDeliveriesOf = (scope: OrgScope, endpointIds: readonly string[]) =>
  countByParent(scope.db, webhookDeliveries, webhookDeliveries.endpointId, eq(webhookDeliveries.orgId, scope.orgId), endpointIds);

/** Send a delivery again (same body, a fresh signature), with a fresh set of attempts. */
export async function redeliverWebhook(scope: OrgScope, app: App, deliveryId: string): Promise<WebhookDelivery> {
  if (!isUuid(deliveryId)) throw notFound("Webhook delivery", deliveryId);
  const [row] = await scope.db.update(webhookDeliveries).set({ status: "pending", attempts: 0, error: null, responseStatus: null, updatedAt: new Date() })
    .where(and(eq(webhookDeliveries.orgId, scope.orgId), eq(webhookDeliveries.id, deliveryId))).returning();
  if (!row) throw notFound("Webhook delivery", deliveryId);
  await webhookQueueOf(app).add("webhook-deliver", { deliveryId }, { maxAttempts: DELIVERY_ATTEMPTS });
  return row;
}

/** Attempts per delivery; the queue backs off 1 s, 2 s, 4 s … between them. */
export const DELIVERY_ATTEMPTS = 6;
const TIMEOUT_MS = 10_000;

/** An event's data, or per endpoint: the data for that endpoint, or null to send it nothing (e.g. its threshold is not crossed). */
export type WebhookPayload<E extends WebhookEvent> = WebhookEventData[E] | ((endpoint: Pick<WebhookEndpoint, "id" | "qualityThreshold">) => WebhookEventData[E] | null);

/**
 * Record `event` for every endpoint of the org subscribed to it and queue the deliveries. `eventKey`
 * names what happened: an instance that sees the same event again (the event bus reaches every
 * instance) adds nothing.
 */
export async function emitWebhookEvent<E extends WebhookEvent>(app: App, orgId: string, event: E, eventKey: string, payload: WebhookPayload<E>): Promise<number> {
  const subscribed = await app.database.db.select({ id: webhookEndpoints.id, qualityThreshold: webhookEndpoints.qualityThreshold }).from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.orgId, orgId), sql`${event} = any(${webhookEndpoints.events})`));
  const dataFor = new Map(subscribed.map((e) => [e.id, typeof payload === "function" ? payload(e) : payload]));
  const endpoints = subscribed.filter((e) => dataFor.get(e.id) !== null);
  if (!endpoints.length) return 0;
  const [org] = await app.database.db.select({ slug: organizations.slug }).from(organizations).where(eq(organizations.id, orgId));
  const rows = await app.database.db.insert(webhookDeliveries)
    .values(endpoints.map((e) => ({ orgId, endpointId: e.id, event, eventKey, body: "" })))
    .onConflictDoNothing().returning({ id: webhookDeliveries.id, endpointId: webhookDeliveries.endpointId });
  // The body names its delivery id, so receivers can drop duplicates (delivery is at least once).
  for (const r of rows) {
    const body = JSON.stringify({ id: r.id, type: event, createdAt: new Date().toISOString(), organization: { id: orgId, slug: org?.slug }, data: dataFor.get(r.endpointId)! } satisfies WebhookBody<E>);
    await app.database.db.update(webhookDeliveries).set({ body }).where(eq(webhookDeliveries.id, r.id));
    await webhookQueueOf(app).add("webhook-deliver", { deliveryId: r.id }, { maxAttempts: DELIVERY_ATTEMPTS });
  }
  return rows.length;
}

/** One attempt of a delivery (the job handler): throws while the endpoint fails, so the queue retries with backoff. */
export async function attemptDelivery(app: App, deliveryId: string, attempt: number): Promise<void> {
  const [d] = await app.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
  if (!d || d.status === "succeeded") return;
  const [endpoint] = await app.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, d.endpointId));
  if (!endpoint) return;
  const { secret } = secretBoxOf(app).open(endpoint.secretEnc, aad(endpoint.id)) as { secret: string };
  let status: number | null = null;
  let error: string | null = null;
  try {
    const res = await outboundFetch(new URL(endpoint.url), {
      method: "POST", signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { "content-type": "application/json", "user-agent": "liftgate-webhooks", "liftgate-event": d.event, "liftgate-delivery": d.id, "liftgate-signature": signWebhook(secret, d.body) },
      body: d.body,
    });
    status = res.status;
    await res.body?.cancel();
    if (!res.ok) error = `the endpoint answered HTTP ${res.status}`;
  } catch (e) {
    const blocked = outboundBlockedCause(e);
    error = blocked ? blocked.message : (e as Error).name === "TimeoutError" ? `no answer within ${TIMEOUT_MS / 1000} s` : `could not reach the endpoint (${(e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message})`;
  }
  const done = error === null;
  const last = !done && attempt >= DELIVERY_ATTEMPTS;
  await app.database.db.update(webhookDeliveries).set({
    status: done ? "succeeded" : last ? "failed" : "pending", attempts: sql`${webhookDeliveries.attempts} + 1`,
    responseStatus: status, error, deliveredAt: done ? new Date() : null, updatedAt: new Date(),
  }).where(inArray(webhookDeliveries.id, [d.id]));
  if (!done) throw new Error(`webhook delivery ${d.id}: ${error}`);
}

import { createHmac, randomBytes } from "node:crypto";

/** A new endpoint secret (shown once): "whsec_" and 32 random bytes, base64url. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

/**
 * The `Liftgate-Signature` header, as Stripe signs: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the endpoint's secret. Receivers recompute it over the raw body and reject old timestamps
 * (replays); see the README's n8n recipe.
 */
export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

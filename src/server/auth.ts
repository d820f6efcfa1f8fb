import { GraphQLError } from "graphql";
import type { AuthChecker } from "type-graphql";
import type { App } from "../app.js";
import type { ApiKeyRole } from "../db/tables/index.js";
import { roleAllows } from "../orgs/api-keys.js";
import { keyCacheOf } from "./key-cache.js";
import type { Auth, Context } from "./context.js";

export const MISSING_KEY = "Send an API key as `Authorization: Bearer <key>` (HTTP) or `{ authorization: \"Bearer <key>\" }` in connection_init (WebSocket). Create one with `liftgate key create`.";
export const BAD_KEY = "The API key is not valid: it is unknown, malformed or revoked. Create a new one with `liftgate key create`.";

export const unauthenticatedError = (message: string) =>
  new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });

/** The bearer token of an Authorization header value, or null. */
export function bearerToken(header: unknown): string | null {
  if (typeof header !== "string") return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** Verify an Authorization header value (through the app's short key cache); throws UNAUTHENTICATED with what to do when it fails. */
export async function authenticate(app: App, header: unknown): Promise<Auth> {
  const token = bearerToken(header);
  if (!token) throw unauthenticatedError(MISSING_KEY);
  const verified = await keyCacheOf(app).verify(token);
  if (!verified) throw unauthenticatedError(BAD_KEY);
  return { orgId: verified.orgId, keyId: verified.keyId, role: verified.role };
}

/** `@Authorized("editor")`: the key's role must be at least the named one; `@Authorized()` any key. */
export const authChecker: AuthChecker<Context, ApiKeyRole> = ({ context }, roles) => {
  if (roles.length === 0) return true;
  const required = roles[0]!;
  if (roleAllows(context.auth.role, required)) return true;
  throw new GraphQLError(`This needs an API key with the ${required} role or higher; this key is a ${context.auth.role} key.`, {
    extensions: { code: "FORBIDDEN" },
  });
};

import { channel } from "node:diagnostics_channel";
import type { Server } from "node:http";
import { GraphQLError, parse, validate, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { WebSocketServer, type WebSocket } from "ws";
import { eq } from "drizzle-orm";
import { apiKeys } from "../db/tables/index.js";
import { KEY_CHANGED_CLOSE, wsKeyWatch } from "./ws-revocation.js";
import { useServer } from "graphql-ws/use/ws";
import type { App } from "../app.js";
import { authenticate } from "./auth.js";
import { buildContext, type Auth } from "./context.js";
import { clientGone, type Budget } from "./time-budget.js";
import { allValidationRules, explainParseError, nestingError, parseOptions, type Limits } from "./limits.js";
import { assertCost } from "./cost.js";
import { assertStorableInput } from "./variable-guard.js";
import type { RateLimiter } from "./rate-limit.js";
import { formatError } from "./errors.js";
import { sharedSubscribe, type SharedMember } from "./shared-subscribe.js";
import { latestOnlyWriters } from "./latest-only-writer.js";
import { supersedable } from "../events.js";

/**
 * The share key of an operation's parts, or undefined (executed per subscriber) when its variables cannot be written as
 * JSON: variables nested thousands deep overflow JSON.stringify, and graphql-ws would close the socket with the error's text.
 */
function shareKeyOf(parts: unknown[]): string | undefined {
  try {
    return JSON.stringify(parts);
  } catch {
    return undefined;
  }
}

const SERVER_ONLY = new Set(["connection_ack", "next", "error"]);
/**
 * A message only a server sends (connection_ack, next, error) is the client's mistake, but graphql-ws closes the socket
 * with 4500, its internal-error code. Listening before graphql-ws does, close with 4400 Bad Request first (the first close wins).
 */
function refuseServerMessages(socket: WebSocket): void {
  socket.on("message", (data) => {
    const text = String(data);
    if (!/"type"\s*:\s*"(connection_ack|next|error)"/.test(text)) return;
    let type: unknown;
    try { type = (JSON.parse(text) as { type?: unknown } | null)?.type; } catch { return; }
    if (typeof type === "string" && SERVER_ONLY.has(type)) socket.close(4400, `A client cannot send a ${type} message.`);
  });
}

/** Each shared `next` message as it is written to a socket (the message text), for measuring delivery inside the gateway. */
const writes = channel("liftgate:subscription-write");

type WsExtra = { auth?: Auth; socket?: WebSocket; untrack?: () => void; request?: { headers: { host?: string } }; budgets?: Map<string, Budget> };

/**
 * graphql-ws on the HTTP server's /graphql path. graphql-ws bypasses Apollo's pipeline, so the same
 * authentication, org scoping, validation rules (depth, cost, introspection) and error masking are
 * applied here.
 */
export function attachWebSocket(httpServer: Server, schema: GraphQLSchema, app: App, limits: Limits, rateLimiter: RateLimiter) {
  // 1 MiB per message: a GraphQL operation with its variables is far smaller; bigger frames close the socket (1009).
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: 1024 * 1024 });
  wss.on("connection", refuseServerMessages);
  const watch = wsKeyWatch(app);
  const mask = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const f = formatError(e.toJSON(), e, app.logger, { hideSchemaDetails: app.config.env === "production" });
      return new GraphQLError(f.message, { extensions: f.extensions, path: f.path as (string | number)[] | undefined });
    });
  const maskResult = (result: ExecutionResult) => (result.errors ? { ...result, errors: mask(result.errors) } : result);
  // Subscribers whose operations are the same text, variables, org, role and base URL get one execution and one
  // serialisation per event, written to each socket as graphql-ws's `next` message.
  const members = new WeakMap<ExecutionArgs, SharedMember>();
  // A socket whose client reads slower than progress events come is sent the latest snapshot, not a backlog.
  const writers = latestOnlyWriters({ onWrite: (json) => { if (writes.hasSubscribers) writes.publish(json); } });
  const disposable = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      subscribe: sharedSubscribe((args) => members.get(args), { format: maskResult, supersedable: (event) => typeof event === "object" && event !== null && supersedable.has(event) }),
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const extra = ctx.extra as WsExtra;
          const auth = (extra.auth = await authenticate(app, header));
          extra.untrack = watch.track({ auth, close: (code, reason) => extra.socket?.close(code, reason) });
          return true;
        } catch (error) {
          // graphql-ws closes with 4403 Forbidden; the reason says what to send.
          app.logger.info({ reason: (error as Error).message }, "websocket connection refused");
          return false;
        }
      },
      onClose: (ctx) => {
        const extra = ctx.extra as WsExtra;
        extra.untrack?.();
        // Operations still running on a closed socket stop their work: nobody will read their answers.
        for (const budget of extra.budgets?.values() ?? []) budget.abort(clientGone());
        extra.budgets?.clear();
      },
      onComplete: (ctx, id) => { (ctx.extra as WsExtra).budgets?.delete(id); },
      onSubscribe: async (ctx, id, payload) => {
        const extra = ctx.extra as WsExtra;
        const auth = extra.auth!;
        // Each operation re-reads its key, so a key revoked or changed elsewhere runs nothing more.
        const [key] = await app.database.db.select({ role: apiKeys.role, revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, auth.keyId));
        if (!key || key.revokedAt || key.role !== auth.role) {
          extra.socket?.close(KEY_CHANGED_CLOSE, "Forbidden: the API key was revoked or changed");
          return [new GraphQLError("This API key was revoked or changed; reconnect with a valid key.", { extensions: { code: "UNAUTHENTICATED" } })];
        }
        const tooDeep = nestingError(payload.query, limits);
        if (tooDeep) return [new GraphQLError(tooDeep, { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        let document;
        try {
          document = parse(payload.query, parseOptions(limits));
        } catch (error) {
          // The same code Apollo gives syntax errors over HTTP.
          return [new GraphQLError(explainParseError((error as Error).message), { extensions: { code: "GRAPHQL_PARSE_FAILED" } })];
        }
        const errors = validate(schema, document, allValidationRules(limits));
        // The same code Apollo gives validation errors over HTTP.
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
        try {
          assertStorableInput(document, payload.variables);
          const cost = assertCost(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, limits.maxCost);
          rateLimiter.take(auth.keyId, cost);
        } catch (error) {
          return mask([error as GraphQLError]);
        }
        const context = buildContext(app, auth, extra.request?.headers.host ? `http://${extra.request.headers.host}` : undefined);
        (extra.budgets ??= new Map()).set(id, context.budget);
        const args: ExecutionArgs = { schema, document, variableValues: payload.variables, operationName: payload.operationName, contextValue: context };
        const shareKey = shareKeyOf([auth.orgId, auth.role, context.baseUrl, payload.operationName ?? null, payload.variables ?? null, payload.query]);
        const socket = extra.socket;
        if (shareKey !== undefined && socket) {
          // graphql-ws's `next` message, as its own stringifyMessage writes it, around the group's serialised result.
          const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
          const writer = writers(socket, (json) => `${head}${json}}`);
          members.set(args, { key: shareKey, send: writer.send, flush: writer.flush });
        }
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => maskResult(result) as never,
      onError: (_ctx, _id, _payload, errors) => mask(errors) as never,
    },
    wss,
  );
  return {
    /** Close every socket (1001 Going away) and the WebSocket server; graphql-ws's dispose does both. */
    close: async () => { await watch.stop(); await disposable.dispose(); },
  };
}

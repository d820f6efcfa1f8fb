import type { Server } from "node:http";
import { GraphQLError, parse, validate, type ExecutionArgs, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { App } from "../app.js";
import { authenticate } from "./auth.js";
import { buildContext, type Auth } from "./context.js";
import { allValidationRules, assertCost, type Limits } from "./limits.js";
import { formatError } from "./errors.js";

type WsExtra = { auth?: Auth };

/**
 * graphql-ws on the HTTP server's /graphql path. graphql-ws bypasses Apollo's pipeline, so the same
 * authentication, org scoping, validation rules (depth, cost, introspection) and error masking are
 * applied here.
 */
export function attachWebSocket(httpServer: Server, schema: GraphQLSchema, app: App, limits: Limits) {
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const mask = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const f = formatError(e.toJSON(), e, app.logger);
      return new GraphQLError(f.message, { extensions: f.extensions, path: f.path as (string | number)[] | undefined });
    });
  const disposable = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          (ctx.extra as WsExtra).auth = await authenticate(app.database.db, header);
          return true;
        } catch (error) {
          // graphql-ws closes with 4403 Forbidden; the reason says what to send.
          app.logger.info({ reason: (error as Error).message }, "websocket connection refused");
          return false;
        }
      },
      onSubscribe: (ctx, _id, payload) => {
        const auth = (ctx.extra as WsExtra).auth!;
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return mask([error as GraphQLError]);
        }
        const errors = validate(schema, document, allValidationRules(limits));
        // The same code Apollo gives validation errors over HTTP.
        if (errors.length) return errors.map((e) => new GraphQLError(e.message, { extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }));
        try {
          assertCost(schema, document, payload.variables ?? undefined, payload.operationName ?? undefined, limits);
        } catch (error) {
          return mask([error as GraphQLError]);
        }
        const args: ExecutionArgs = {
          schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue: buildContext(app, auth),
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: mask(result.errors) as never } : result),
      onError: (_ctx, _id, _payload, errors) => mask(errors) as never,
    },
    wss,
  );
  return {
    /** Close every socket (1001 Going away) and the WebSocket server; graphql-ws's dispose does both. */
    close: () => disposable.dispose(),
  };
}

import { GraphQLError } from "graphql";
import http from "node:http";
import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Express } from "express";
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import type { GraphQLSchema } from "graphql";
import { sql } from "drizzle-orm";
import type { App } from "../app.js";
import { logUnexpected } from "../logger.js";
import { authenticate } from "./auth.js";
import { buildContext, type Context } from "./context.js";
import { nestingError, parseOptions, validationRules, type Limits } from "./limits.js";
import { assertCost } from "./cost.js";
import { assertStorableInput } from "./variable-guard.js";
import { rateLimiterOf, type RateLimiter } from "./rate-limit.js";
import { applyTimeBudget, clientGone } from "./time-budget.js";
import { formatError, INTERNAL_MESSAGE } from "./errors.js";
import { corsFor } from "./cors.js";
import { attachWebSocket } from "./websocket.js";
import { metricsOf } from "./prometheus.js";
import { jitExecutor } from "./jit-executor.js";

export interface RunningServer {
  httpServer: http.Server;
  express: Express;
  url: string;
  wsUrl: string;
  /** Stop accepting, drain HTTP and WebSocket, then return (the caller closes the database). */
  stop(): Promise<void>;
}

/** Routers other areas mount beside /graphql (CSV export, uploads): path → factory (given the schema, for routes that check input against its types). */
export type RouteMount = (app: App, schema: GraphQLSchema) => { path: string; router: express.Router };

// Body limit for GraphQL requests; CSV uploads use their own streamed route.
const BODY_LIMIT = "10mb";

// Input PostgreSQL cannot store refused first, then cost, then the key's rate limit weighted by that cost (429 with Retry-After when refused).
const costPlugin = (limits: Limits, rateLimiter: RateLimiter): ApolloServerPlugin<Context> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema, contextValue, operation }) {
        // graphql-js cannot execute a subscription as one request (its resolvers need the event stream).
        if (operation?.operation === "subscription")
          throw new GraphQLError("Subscriptions are served over WebSocket (graphql-ws, protocol graphql-transport-ws) on this same URL, not over HTTP.", { extensions: { code: "BAD_REQUEST", http: { status: 400 } } });
        try {
          assertStorableInput(document, request.variables);
          const cost = assertCost(schema, document, request.variables, request.operationName ?? undefined, limits.maxCost);
          rateLimiter.take(contextValue.auth.keyId, cost);
        } catch (err) {
          // The cost estimate coerces the variables first: a bad variable (an unknown option, a mistyped enum) is the caller's input error.
          // Both that and QUERY_TOO_COSTLY are client errors: 400 (Apollo answers 500 for plugin errors without a status);
          // RATE_LIMITED keeps its own 429 and Retry-After.
          if (err instanceof GraphQLError) throw new GraphQLError(err.message, { extensions: { ...err.extensions, code: err.extensions.code ?? "BAD_USER_INPUT", http: err.extensions.http ?? { status: 400 } } });
          throw err;
        }
      },
    };
  },
});

/** One port: Apollo over HTTP and graphql-ws on /graphql, plus /healthz, /readyz and mounted routes. */
export async function startServer(app: App, schema: GraphQLSchema, mounts: RouteMount[] = []): Promise<RunningServer> {
  const limits: Limits = app.config.graphql;
  const ex = express();
  ex.disable("x-powered-by");
  // No ETag on res.send bodies: hashing every GraphQL answer (20 kB for 100 facts) bought nothing, POST answers are not
  // revalidated. Static console files keep theirs (express.static sets its own).
  ex.set("etag", false);
  ex.use(metricsOf(app).httpMiddleware);
  ex.use(corsFor(app.config.corsOrigins));
  const httpServer = http.createServer(ex);
  // Idle keep-alive sockets stay open 65 s (clients reuse them for up to the server's hint minus a
  // second). With Node's 5 s default, a busy event loop (PGlite runs in-process) could close a socket
  // just as a client reused it, and the client saw ECONNRESET. Shutdown still closes idle sockets at once.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const rateLimiter = rateLimiterOf(app);
  applyTimeBudget(schema);
  const ws = attachWebSocket(httpServer, schema, app, limits, rateLimiter);

  const apollo = new ApolloServer<Context>({
    // Queries compiled per document (jit-executor.ts) through Apollo's executor hook, or graphql-js for everything.
    ...(app.config.graphql.jit ? { gateway: jitExecutor(schema).gateway } : { schema }),
    // Introspection is refused by our own validation rule, identically on HTTP and WebSocket.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // The CLI owns signals and stops the whole gateway in order (Apollo would stop only itself).
    stopOnTerminationSignals: false,
    validationRules: validationRules(limits),
    parseOptions: parseOptions(limits),
    hideSchemaDetailsFromClientErrors: app.config.env === "production",
    formatError: (formatted, error) => formatError(formatted, error, app.logger, { hideSchemaDetails: app.config.env === "production" }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Browsers get our offline explorer (console-routes.ts), not Apollo's CDN-loaded landing page.
      ApolloServerPluginLandingPageDisabled(),
      // Unused and on by default: cache control wraps every field resolver to compute cache hints nobody reads;
      // the others would report to Apollo's cloud or trace for a federation gateway we do not have.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      costPlugin(limits, rateLimiter),
      metricsOf(app).graphqlPlugin,
      { async serverWillStart() { return { async drainServer() { await ws.close(); } }; } },
    ],
    logger: {
      debug: (m) => app.logger.debug(m), info: (m) => app.logger.info(m),
      warn: (m) => app.logger.warn(m), error: (m) => app.logger.error(m),
    },
  });
  await apollo.start();

  ex.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  ex.get("/readyz", async (_req, res) => {
    try {
      await app.database.db.execute(sql`select 1`);
      res.json({ status: "ready" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "database unreachable" });
    }
  });
  for (const mount of mounts) {
    const { path, router } = mount(app, schema);
    ex.use(path, router);
  }
  ex.use(
    "/graphql",
    express.json({ limit: BODY_LIMIT }),
    refuseDeepNesting(limits),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = buildContext(app, await authenticate(app, req.headers.authorization), `${req.protocol}://${req.get("host")}`);
        // A client that hangs up before its answer stops the operation's work, as its deadline would.
        res.once("close", () => { if (!res.writableFinished) context.budget.abort(clientGone()); });
        return context;
      },
    }),
  );
  ex.use(jsonErrorHandler(app));

  await new Promise<void>((resolve) => httpServer.listen(app.config.port, app.config.host, resolve));
  const address = httpServer.address() as { port: number };
  const host = app.config.host.includes(":") ? `[${app.config.host}]` : app.config.host;
  const url = `http://${host}:${address.port}/graphql`;
  return {
    httpServer, express: ex, url, wsUrl: url.replace(/^http/, "ws"),
    stop: async () => {
      await apollo.stop();
      metricsOf(app).stop();
    },
  };
}

/** A document nested too deep for graphql-js's recursive parser is a syntax error (400, as Apollo answers those), found before Apollo parses it. */
function refuseDeepNesting(limits: Limits): express.RequestHandler {
  return (req, res, next) => {
    const query: unknown = req.method === "GET" ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
    const message = typeof query === "string" ? nestingError(query, limits) : undefined;
    if (!message) return next();
    res.status(400).json({ errors: [{ message, extensions: { code: "GRAPHQL_PARSE_FAILED" } }] });
  };
}

/** Malformed bodies and other request errors get a GraphQL-shaped JSON error, never a stack trace. */
function jsonErrorHandler(app: App): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const status = typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    const message =
      err?.type === "entity.parse.failed"
        ? "The request body is not valid JSON. Send {\"query\": \"...\", \"variables\": {...}} with Content-Type: application/json."
        : err?.type === "entity.too.large"
          ? `The request body is larger than ${BODY_LIMIT}.`
          : status < 500
            ? "The request could not be read."
            : INTERNAL_MESSAGE;
    const requestId = status >= 500 ? logUnexpected(app.logger, err, "request failed") : randomUUID();
    if (status < 500) app.logger.info({ status, type: err?.type, requestId }, "bad request");
    res.status(status).type("application/json").json({ errors: [{ message, extensions: { code: status < 500 ? "BAD_REQUEST" : "INTERNAL_SERVER_ERROR", requestId } }] });
  };
}

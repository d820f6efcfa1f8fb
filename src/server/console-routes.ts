import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type NextFunction, type Request, type Response } from "express";
import { ruruHTML } from "ruru/server";
import { serveStatic as ruruStatic } from "ruru/static";
import type { App } from "../app.js";
import { packageRoot } from "../paths.js";
import type { RouteMount } from "./http.js";

/** Where `vite build` writes the console (web/vite.config.ts). */
export const consoleDir = () => join(packageRoot(), "web", "dist");

/** The console keeps the signed-in key here (web/src/api/session.ts); the explorer reads it from the same tab. */
export const SESSION_KEY_NAME = "liftgate.apiKey";

// Ruru's own assets, served by us so the explorer works offline (its default is unpkg.com).
const RURU_STATIC = "/explorer-static/";
// Paths the API owns: never answered with the console's index.html.
const API_PATHS = /^\/(graphql|export|import|healthz|readyz)(\/|$)/;

/** The explorer page: ruru with this gateway's endpoints and the console's key in its headers. */
export function explorerHtml(): string {
  return ruruHTML({
    staticPath: RURU_STATIC,
    endpoint: "/graphql",
    subscriptionEndpoint: "/graphql",
    htmlParts: {
      titleTag: '<title>liftgate explorer</title>\n<link rel="icon" href="data:," />',
      // The console's key (same tab, same origin) goes into the headers editor; GraphiQL's first
      // introspection runs before that editor exists, so requests to /graphql without an
      // Authorization header get the key too (a header typed in the editor wins).
      configScript: (original) =>
        `${original}\n<script>
{ const key = sessionStorage.getItem(${JSON.stringify(SESSION_KEY_NAME)});
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  RURU_CONFIG.subscriptionEndpoint = proto + "//" + location.host + "/graphql";
  if (key) {
    RURU_CONFIG.initialHeaders = JSON.stringify({ Authorization: "Bearer " + key }, null, 2);
    const send = window.fetch.bind(window);
    window.fetch = (input, init = {}) => {
      const request = input instanceof Request ? input : null;
      const url = new URL(request ? request.url : String(input), location.href);
      const headers = new Headers(init.headers || (request ? request.headers : undefined));
      if (url.origin === location.origin && url.pathname === "/graphql" && !headers.has("authorization")) headers.set("Authorization", "Bearer " + key);
      return send(input, { ...init, headers });
    };
  } }
</script>`,
    },
  });
}

const wantsHtml = (req: Request) => req.method === "GET" && (req.accepts(["application/json", "text/html"]) === "text/html");

/**
 * The console at `/` (web/dist, with an SPA fallback to index.html) and the explorer at GET /graphql
 * for browsers (Accept: text/html). POST /graphql, GET with a query and the WebSocket upgrade are untouched.
 */
export const consoleRouteMount: RouteMount = (app: App) => {
  const router = express.Router();
  const dir = consoleDir();
  const built = existsSync(join(dir, "index.html"));
  if (!built) app.logger.warn({ dir }, "the console is not built (run `npm run build`); / answers 503");
  // ruru's middleware expects the full path (it trims RURU_STATIC itself), so it is not mounted under it.
  const explorerAssets = ruruStatic(RURU_STATIC);
  router.use((req, res, next) => (req.path.startsWith(RURU_STATIC) ? explorerAssets(req, res, next) : next()));
  router.get("/graphql", (req: Request, res: Response, next: NextFunction) => {
    if (!wantsHtml(req) || req.query.query !== undefined) return next();
    res.type("html").send(explorerHtml());
  });
  if (built) router.use(express.static(dir, { index: "index.html", maxAge: "1h", setHeaders: noCacheIndex }));
  router.get(/.*/, (req: Request, res: Response, next: NextFunction) => {
    if (API_PATHS.test(req.path) || !wantsHtml(req)) return next();
    if (!built) return void res.status(503).type("text").send("The console is not built: run `npm run build` (npm start does it).");
    res.set("Cache-Control", "no-cache").sendFile(join(dir, "index.html"));
  });
  return { path: "/", router };
};

// index.html names the hashed assets of the current build: revalidate it on each visit.
function noCacheIndex(res: Response, path: string) {
  if (path.endsWith("index.html")) res.setHeader("Cache-Control", "no-cache");
}

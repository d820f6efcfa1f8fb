import cors from "cors";
import type { RequestHandler } from "express";

// Browsers may cache a preflight answer this long (seconds); Chromium caps it at 7200.
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS for the configured origins only: an exact match gets Access-Control-Allow-Origin (and its
 * preflight an answer); any other origin gets no CORS header at all, so the browser refuses. Keys travel
 * in the Authorization header, never cookies, so credentials are never allowed.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  const handler = cors({
    origin: (origin, done) => done(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "apollo-require-preflight"],
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE,
  });
  // Without an Origin header (servers, scripts, same-origin GETs) cors would only add Vary: Origin; do just that.
  return (req, res, next) => {
    if (req.headers.origin === undefined && req.method !== "OPTIONS") {
      res.vary("Origin");
      return next();
    }
    return handler(req, res, next);
  };
}

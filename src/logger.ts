import { randomUUID } from "node:crypto";
import { pino, type Logger } from "pino";
import { isColorSupported, prettyFactory } from "pino-pretty";
import { redact } from "./redact.js";

export type { Logger };

/**
 * Log an error the caller is not meant to see under a new request id, and return the id: the client is answered with the
 * id alone (INTERNAL_MESSAGE), never the error's text (SQL, paths, stack), and an operator finds the error by it.
 */
export function logUnexpected(logger: Logger, err: unknown, message: string, fields: Record<string, unknown> = {}): string {
  const requestId = randomUUID();
  logger.error({ err, ...fields, requestId }, message);
  return requestId;
}

/** `json`: one JSON object per line (log shippers); `pretty`: aligned, coloured lines for people; `auto`: pretty on a terminal. */
export type LogFormat = "auto" | "pretty" | "json";

/** Paths whose values are replaced with "[redacted]" in every log line. */
export const REDACT_PATHS = [
  "authorization", "*.authorization", "headers.authorization", "req.headers.authorization",
  "req.headers.cookie", "*.headers.authorization", "*.headers[\"access-token\"]", "*.headers[\"developer-token\"]",
  "apiKey", "*.apiKey", "secret", "*.secret", "secrets", "*.secrets", "token", "*.token",
  "accessToken", "*.accessToken", "refreshToken", "*.refreshToken", "clientSecret", "*.clientSecret",
  "password", "*.password", "key", "connectionParams", "*.connectionParams", "payload.authorization",
];

type Sink = { write(text: string): unknown; isTTY?: boolean };

/**
 * Logs with secrets redacted (pino), written synchronously to `destination` (default stdout): JSON,
 * or human-readable lines when the format says so or, for `auto`, when the destination is a terminal.
 */
export function createLogger(level = "info", destination?: Sink, format: LogFormat = "json"): Logger {
  const out: Sink = destination ?? process.stdout;
  const pretty = format === "pretty" || (format === "auto" && out.isTTY === true);
  const stream = pretty ? prettyStream(out) : out;
  // Field names are redacted by path; known secret values anywhere in a line (an upstream echo) by redact().
  return pino({ level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, hooks: { streamWrite: redact }, base: { service: "liftgate" } }, stream as never);
}

function prettyStream(out: Sink): Sink {
  const format = prettyFactory({
    colorize: out.isTTY === true && isColorSupported, // colorette: honours NO_COLOR and FORCE_COLOR
    ignore: "pid,hostname,service",
    translateTime: "SYS:HH:MM:ss.l",
    singleLine: true,
  });
  return { write: (line: string) => out.write(format(line)) };
}

import { pino, type Logger } from "pino";

export type { Logger };

/** Paths whose values are replaced with "[redacted]" in every log line. */
export const REDACT_PATHS = [
  "authorization", "*.authorization", "headers.authorization", "req.headers.authorization",
  "req.headers.cookie", "*.headers.authorization", "*.headers[\"access-token\"]", "*.headers[\"developer-token\"]",
  "apiKey", "*.apiKey", "secret", "*.secret", "secrets", "*.secrets", "token", "*.token",
  "accessToken", "*.accessToken", "refreshToken", "*.refreshToken", "clientSecret", "*.clientSecret",
  "password", "*.password", "key", "connectionParams", "*.connectionParams", "payload.authorization",
];

/** Structured JSON logs (pino) with secrets redacted. */
export function createLogger(level = "info", destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { service: "liftgate" } },
    destination as never,
  );
}

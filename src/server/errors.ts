import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError } from "../errors.js";
import { logUnexpected, type Logger } from "../logger.js";
import { explainParseError } from "./limits.js";
import { redact } from "../redact.js";

export const INTERNAL_MESSAGE = "Internal server error. The error was logged; quote the request id when you report it.";

/**
 * Let known errors through (AppError, GraphQL errors with a code, validation and parse errors) and
 * replace everything else with INTERNAL_SERVER_ERROR and a request id. Internal details are logged with that id, never returned.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger, options: { hideSchemaDetails?: boolean } = {}): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: redact(original.message), extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  // Errors graphql-js or our scalars raised on purpose (parse, validation, coercion) pass through.
  if (original instanceof GraphQLError && (!original.originalError || original.originalError instanceof GraphQLError)) {
    const { http: _http, stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const message = explainParseError(formatted.message);
    // Variable coercion is the caller's input, BAD_USER_INPUT as Apollo labels it on HTTP, so WebSocket agrees.
    // Production: no "Did you mean …?" suggestions, which would let a client map the schema without introspection.
    return { ...base, message: redact(options.hideSchemaDetails ? withoutSuggestions(message) : message), extensions: { ...extensions, code: extensions.code ?? (message.startsWith('Variable "$') ? "BAD_USER_INPUT" : "BAD_REQUEST") } };
  }
  if (original instanceof GraphQLError && original.originalError instanceof AppError) {
    const app = original.originalError;
    return { ...base, message: redact(app.message), extensions: { code: app.code, ...(app.details ?? {}) } };
  }
  const requestId = logUnexpected(logger, original, "unexpected error in a GraphQL operation", { path: formatted.path });
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR", requestId } };
}

/** A validation or coercion message without graphql-js's "Did you mean …?" suffix. */
export function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .+\?$/s, "");
}

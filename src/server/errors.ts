import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { AppError } from "../errors.js";
import type { Logger } from "../logger.js";
import { explainParseError } from "./limits.js";

export const INTERNAL_MESSAGE = "Internal server error. The error was logged; quote the request id when you report it.";

/**
 * Let known errors through (AppError, GraphQL errors with a code, validation and parse errors) and
 * replace everything else with INTERNAL_SERVER_ERROR. Internal details are logged, never returned.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, logger: Logger): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  // Errors graphql-js or our scalars raised on purpose (parse, validation, coercion) pass through.
  if (original instanceof GraphQLError && (!original.originalError || original.originalError instanceof GraphQLError)) {
    const { http: _http, stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...base, message: explainParseError(formatted.message), extensions: { ...extensions, code: extensions.code ?? "BAD_REQUEST" } };
  }
  if (original instanceof GraphQLError && original.originalError instanceof AppError) {
    const app = original.originalError;
    return { ...base, message: app.message, extensions: { code: app.code, ...(app.details ?? {}) } };
  }
  logger.error({ err: original, path: formatted.path }, "unexpected error in a GraphQL operation");
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

/** Error codes shared by services, the GraphQL layer and the CLI (DESIGN.md §5). */
export type ErrorCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "BAD_USER_INPUT"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RATE_LIMITED"
  | "UPSTREAM_ERROR"
  | "INTERNAL_SERVER_ERROR";

/** An error whose message is safe to show to the caller; services throw these, never GraphQL errors. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badInput = (message: string, details?: Record<string, unknown>) => new AppError("BAD_USER_INPUT", message, details);
export const notFound = (what: string, id: string) => new AppError("NOT_FOUND", `${what} ${id} was not found in this organization.`);
export const forbidden = (message: string) => new AppError("FORBIDDEN", message);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError("CONFLICT", message, details);
export const unauthenticated = (message: string) => new AppError("UNAUTHENTICATED", message);

import type { ApiError } from "../api/client";

export function ErrorBox({ error }: { error: ApiError | null }) {
  if (!error) return null;
  return <div class="error" role="alert">{error.message}</div>;
}

export function Loading({ what }: { what: string }) {
  return <p class="muted" aria-busy="true">Loading {what}…</p>;
}

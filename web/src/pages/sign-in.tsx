import { useState } from "preact/hooks";
import type { ApiError } from "../api/client";

/** Sign in with an API key; a wrong key says so plainly. */
export function SignInPage({ onSignIn, error }: { onSignIn: (key: string) => Promise<void>; error: ApiError | null }) {
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);
  const message = error && (error.code === "UNAUTHENTICATED" ? `That key was not accepted. ${error.message}` : error.message);
  return (
    <main class="sign-in">
      <h1>liftgate console</h1>
      <p class="muted">Sign in with an API key. <code>npm start</code> prints the sandbox's key; <code>liftgate key create</code> makes others. The key stays in this tab only.</p>
      <form onSubmit={async (e) => { e.preventDefault(); setBusy(true); await onSignIn(key.trim()); setBusy(false); }}>
        <label>API key <input name="apiKey" type="password" autocomplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="lg_…" /></label>
        <button type="submit" disabled={busy}>{busy ? "Checking…" : "Sign in"}</button>
      </form>
      {message && <div class="error" role="alert">{message}</div>}
    </main>
  );
}

import { useEffect, useState } from "preact/hooks";
import { ConsoleSessionDocument } from "../../generated/graphql";
import { ApiError, closeLive, request } from "./api/client";
import { clearKey, loadKey, saveKey } from "./api/session";
import { PAGES, useRoute } from "./router";
import { SessionContext, type Session } from "./session-context";
import { SignInPage } from "./pages/sign-in";
import { OverviewPage } from "./pages/overview";
import { ConnectionsPage } from "./pages/connections";
import { QualityPage } from "./pages/quality";
import { ExperimentsPage } from "./pages/experiments";
import { ModelsPage } from "./pages/models";

const WRITE_ROLES = ["editor", "admin"];

/** Check a key against the gateway and build the session it opens. */
async function openSession(key: string): Promise<Session> {
  const data = await request(ConsoleSessionDocument, {}, key);
  return { org: data.organization, key: data.currentApiKey, canWrite: WRITE_ROLES.includes(data.currentApiKey.role), currency: data.organization.reportingCurrency };
}

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(Boolean(loadKey()));
  const [error, setError] = useState<ApiError | null>(null);
  const [path, go] = useRoute();

  const signIn = async (key: string) => {
    setError(null);
    try {
      const s = await openSession(key);
      saveKey(key);
      setSession(s);
    } catch (e) {
      clearKey();
      setError(e as ApiError);
    } finally {
      setChecking(false);
    }
  };
  useEffect(() => {
    const key = loadKey();
    if (key) void signIn(key);
  }, []);
  const signOut = () => {
    clearKey();
    closeLive();
    setSession(null);
  };

  if (checking) return <p class="muted center">Checking the key…</p>;
  if (!session) return <SignInPage onSignIn={signIn} error={error} />;
  const page = PAGES.find((p) => p.path === path)!;
  return (
    <SessionContext.Provider value={session}>
      <header class="top">
        <span class="brand">liftgate</span>
        <nav>
          {PAGES.map((p) => (
            <a href={p.path} class={p.path === path ? "active" : ""} aria-current={p.path === path ? "page" : undefined}
              onClick={(e) => { e.preventDefault(); go(p.path); }}>{p.title}</a>
          ))}
          <a href="/graphql" title="GraphQL explorer with your key in its headers">Explorer</a>
        </nav>
        <span class="who" data-testid="who">
          <strong data-testid="org-name">{session.org.name}</strong> · <span data-testid="role">{session.key.role}</span> key “{session.key.name}” · {session.currency}
          <button type="button" class="link" onClick={signOut}>Sign out</button>
        </span>
      </header>
      <main>
        <h1>{page.title}</h1>
        {path === "/overview" && <OverviewPage />}
        {path === "/connections" && <ConnectionsPage />}
        {path === "/quality" && <QualityPage />}
        {path === "/experiments" && <ExperimentsPage />}
        {path === "/models" && <ModelsPage />}
      </main>
    </SessionContext.Provider>
  );
}

import { useEffect, useState } from "preact/hooks";
import {
  ConsoleCancelSyncDocument, ConsoleConnectionsDocument, ConsoleStartSyncDocument, ConsoleSyncProgressDocument, ConsoleTestConnectionDocument,
  type ConnectionFieldsFragment, type SyncProgressFieldsFragment, type SyncRunFieldsFragment,
} from "../../../generated/graphql";
import { ApiError, request, subscribe } from "../api/client";
import { useQuery } from "../api/use-query";
import { ErrorBox, Loading } from "../components/error-box";
import { ListMore, more } from "../components/list-more";
import { RunHistory } from "../components/run-history";
import { SyncProgressView } from "../components/sync-progress";
import { dateTime } from "../lib/format";
import { useSession } from "../session-context";
import { ConnectionForm } from "./connection-form";

const ACTIVE = ["queued", "running"];

/** active · needs re-authorization · paused · failing (last run failed). */
function health(c: ConnectionFieldsFragment, last: SyncRunFieldsFragment | undefined): { label: string; cls: string } {
  if (c.status === "needs_reauth") return { label: "needs re-authorization", cls: "failed" };
  if (c.status === "paused") return { label: "paused", cls: "cancelled" };
  if (last?.status === "failed") return { label: "failing", cls: "failed" };
  return { label: "active", cls: "succeeded" };
}

export function ConnectionsPage() {
  const { canWrite } = useSession();
  const [first, setFirst] = useState(50);
  const q = useQuery(ConsoleConnectionsDocument, { first });
  const [live, setLive] = useState<Map<string, SyncProgressFieldsFragment>>(new Map());
  const [form, setForm] = useState<{ editing: ConnectionFieldsFragment | null } | null>(null);
  const [notice, setNotice] = useState<{ id: string; text: string; ok: boolean } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  // Every progress event of this organization's runs; a run that ends refreshes the history.
  useEffect(() => subscribe(ConsoleSyncProgressDocument, {}, ({ syncProgress: p }) => {
    setLive((m) => new Map(m).set(p.runId, p));
    if (!ACTIVE.includes(p.status)) q.refetch();
  }, setError), []);

  if (q.error) return <ErrorBox error={q.error} />;
  if (!q.data) return <Loading what="connections" />;
  const runs = q.data.syncRuns.edges.map((e) => e.node);
  const list = q.data.connections.edges.map((e) => e.node);
  const names = new Map(list.map((c) => [c.id, c.name]));
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try { await fn(); q.refetch(); } catch (e) { setError(e as ApiError); }
  };
  return (
    <section>
      <ErrorBox error={error} />
      {canWrite && !form && <button type="button" onClick={() => setForm({ editing: null })}>New connection</button>}
      {form && <ConnectionForm connectors={q.data.connectors} editing={form.editing} onCancel={() => setForm(null)} onDone={() => { setForm(null); q.refetch(); }} />}
      <div class="connections">
        {list.map((c) => {
          const mine = runs.filter((r) => r.connectionId === c.id);
          const last = mine[0];
          const running = [...live.values()].filter((p) => p.connectionId === c.id && ACTIVE.includes(p.status));
          const runningIds = new Set([...running.map((p) => p.runId), ...mine.filter((r) => ACTIVE.includes(r.status) && !live.has(r.id)).map((r) => r.id)]);
          const h = health(c, last);
          return (
            <article class="card connection" data-connection={c.id} aria-label={c.name}>
              <header>
                <h2>{c.name}</h2>
                <span class={`badge ${h.cls}`} data-testid="connection-status">{h.label}</span>
              </header>
              <p class="muted">{c.pluginId} · {c.schedule ? `schedule ${c.schedule}` : "manual"} · last run {dateTime(c.lastSyncAt)} · last success {dateTime(c.lastSuccessAt)}</p>
              {[...runningIds].map((id) => {
                const p = live.get(id) ?? mine.find((r) => r.id === id)?.progress;
                return p ? <SyncProgressView p={p} /> : <p class="muted">Run {id} queued…</p>;
              })}
              {runningIds.size === 0 && [...live.values()].filter((p) => p.connectionId === c.id).slice(-1).map((p) => <SyncProgressView p={p} />)}
              {notice?.id === c.id && <div class={notice.ok ? "ok" : "error"} role="status">{notice.text}</div>}
              {canWrite && (
                <div class="actions">
                  {runningIds.size === 0
                    ? <button type="button" onClick={() => act(async () => {
                        const { startSync } = await request(ConsoleStartSyncDocument, { input: { connectionId: c.id } });
                        if (startSync.progress) setLive((m) => new Map(m).set(startSync.id, startSync.progress!));
                      })}>Sync now</button>
                    : [...runningIds].map((id) => <button type="button" class="danger" onClick={() => act(() => request(ConsoleCancelSyncDocument, { runId: id }))}>Cancel sync</button>)}
                  <button type="button" class="secondary" onClick={() => act(async () => {
                    const { testConnection: t } = await request(ConsoleTestConnectionDocument, { id: c.id });
                    setNotice({ id: c.id, ok: t.ok, text: t.ok ? "Connection works." : `Connection test failed: ${t.reason ?? "no reason given"}` });
                  })}>Test connection</button>
                  <button type="button" class="secondary" onClick={() => setForm({ editing: c })}>Edit</button>
                </div>
              )}
            </article>
          );
        })}
      </div>
      <ListMore shown={list.length} total={q.data.connections.totalCount} onMore={() => setFirst(more)} />
      <h2>Run history</h2>
      <RunHistory runs={runs} names={names} />
    </section>
  );
}

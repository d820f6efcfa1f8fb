import { useState } from "preact/hooks";
import { ConsoleCreateConnectionDocument, ConsoleUpdateConnectionDocument, type ConnectionFieldsFragment, type ConsoleConnectionsQuery } from "../../../generated/graphql";
import { ApiError, request } from "../api/client";
import { SchemaField } from "../components/schema-field";
import { fieldKind, fromText, toText, type ObjectSchema } from "../lib/json-schema";

type Connector = ConsoleConnectionsQuery["connectors"][number];

/**
 * Create or edit a connection. Fields come from the connector's JSON Schema; secrets are write-only
 * (an edit leaves a blank secret as stored); the server validates and its messages appear on their fields.
 */
export function ConnectionForm(p: { connectors: Connector[]; editing: ConnectionFieldsFragment | null; onDone: () => void; onCancel: () => void }) {
  const [pluginId, setPluginId] = useState(p.editing?.pluginId ?? p.connectors[0]?.id ?? "");
  const connector = p.connectors.find((c) => c.id === pluginId);
  const schema = (connector?.configSchema ?? {}) as ObjectSchema;
  const props = schema.properties ?? {};
  const stored = (p.editing?.config ?? {}) as Record<string, unknown>;
  const [name, setName] = useState(p.editing?.name ?? "");
  const [schedule, setSchedule] = useState(p.editing?.schedule ?? "");
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(props).map(([k, s]) => [k, p.editing && fieldKind(s) !== "secret" ? toText(fieldKind(s), stored[k]) : ""])));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (f: string) => error?.fields.find((e) => e.field === f)?.message;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const config = Object.fromEntries(Object.entries(props).flatMap(([k, s]) => {
      const v = fromText(fieldKind(s), values[k] ?? "");
      return v === undefined ? [] : [[k, v]];
    }));
    try {
      if (p.editing) await request(ConsoleUpdateConnectionDocument, { id: p.editing.id, input: { name, schedule, config } });
      else await request(ConsoleCreateConnectionDocument, { input: { pluginId, name, config, schedule: schedule || null } });
      p.onDone();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const unplaced = error && error.fields.filter((f) => !["name", "schedule"].includes(f.field) && !(f.field.replace(/^config\./, "").split(".")[0]! in props));
  return (
    <form class="card connection-form" onSubmit={submit} aria-label={p.editing ? "Edit connection" : "New connection"}>
      <h2>{p.editing ? `Edit ${p.editing.name}` : "New connection"}</h2>
      {!p.editing && (
        <div class="field">
          <label for="f-plugin">Connector</label>
          <select id="f-plugin" name="pluginId" value={pluginId} onChange={(e) => { setPluginId(e.currentTarget.value); setValues({}); setError(null); }}>
            {p.connectors.map((c) => <option value={c.id}>{c.name} ({c.id})</option>)}
          </select>
        </div>
      )}
      <div class={`field ${fieldError("name") ? "invalid" : ""}`}>
        <label for="f-name">Name *</label>
        <input id="f-name" name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        {fieldError("name") && <div class="field-error" role="alert">{fieldError("name")}</div>}
      </div>
      <div class="field">
        <label for="f-schedule">Schedule</label>
        <input id="f-schedule" name="schedule" value={schedule} placeholder='"every 6h", "daily 03:00" or blank for manual' onInput={(e) => setSchedule(e.currentTarget.value)} />
        {fieldError("schedule") && <div class="field-error" role="alert">{fieldError("schedule")}</div>}
      </div>
      <fieldset>
        <legend>Config</legend>
        {Object.entries(props).map(([k, s]) => (
          <SchemaField name={k} schema={s} required={(schema.required ?? []).includes(k)} value={values[k] ?? ""}
            isSet={p.editing?.secretsSet.includes(k)} error={error?.fields.find((f) => f.field === `config.${k}` || f.field.startsWith(`config.${k}.`))?.message}
            onChange={(v) => setValues({ ...values, [k]: v })} />
        ))}
      </fieldset>
      {error && (error.fields.length === 0 || (unplaced && unplaced.length > 0)) && <div class="error" role="alert">{error.message}</div>}
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? "Saving…" : p.editing ? "Save" : "Create connection"}</button>
        <button type="button" class="secondary" onClick={p.onCancel}>Cancel</button>
      </div>
    </form>
  );
}

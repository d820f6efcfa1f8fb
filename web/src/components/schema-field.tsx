import { fieldKind, type FieldSchema } from "../lib/json-schema";

/** One config field generated from its JSON Schema, with the server's message for it underneath. */
export function SchemaField(p: { name: string; schema: FieldSchema; required: boolean; value: string; isSet?: boolean; error?: string; onChange: (v: string) => void }) {
  const kind = fieldKind(p.schema);
  const id = `f-config.${p.name}`;
  const hint = kind === "secret" ? (p.isSet ? "stored — leave blank to keep" : "write-only: never shown again") : p.schema.default !== undefined ? `default ${JSON.stringify(p.schema.default)}` : kind === "list" ? "comma-separated" : "";
  const common = { id, name: `config.${p.name}`, "aria-invalid": p.error ? true : undefined, "aria-describedby": p.error ? `${id}-error` : undefined };
  return (
    <div class={`field ${p.error ? "invalid" : ""}`}>
      <label for={id}>{p.name}{p.required && kind !== "secret" ? " *" : ""}{kind === "secret" && !p.isSet ? " *" : ""}</label>
      {kind === "select" ? (
        <select {...common} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
          <option value="">{p.schema.default !== undefined ? `(default: ${String(p.schema.default)})` : "—"}</option>
          {p.schema.enum!.map((o) => <option value={String(o)}>{String(o)}</option>)}
        </select>
      ) : kind === "boolean" ? (
        <select {...common} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)}>
          <option value="">(default)</option><option value="true">yes</option><option value="false">no</option>
        </select>
      ) : (
        <input {...common} type={(kind === "secret" ? "password" : kind === "number" ? "number" : "text") as "text"} step="any" autocomplete="off"
          value={p.value} placeholder={hint} onInput={(e) => p.onChange(e.currentTarget.value)} />
      )}
      {p.error && <div class="field-error" id={`${id}-error`} role="alert">{p.error}</div>}
    </div>
  );
}

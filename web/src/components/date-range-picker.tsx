import type { Range } from "../lib/dates";
import { addDays } from "../lib/dates";

/** From/to inputs and quick presets that end on `latest` (the last day with data). */
export function DateRangePicker({ value, latest, onChange }: { value: Range; latest: string; onChange: (r: Range) => void }) {
  const preset = (days: number) => onChange({ from: addDays(latest, -(days - 1)), to: latest });
  return (
    <div class="range">
      <label>From <input type="date" name="from" value={value.from} max={value.to} onChange={(e) => onChange({ ...value, from: e.currentTarget.value })} /></label>
      <label>To <input type="date" name="to" value={value.to} min={value.from} onChange={(e) => onChange({ ...value, to: e.currentTarget.value })} /></label>
      {[7, 28, 90].map((d) => <button type="button" class="link" onClick={() => preset(d)}>Last {d} days</button>)}
    </div>
  );
}

import { useState } from "preact/hooks";
import { ConsoleOptimizeBudgetDocument, type ConsoleOptimizeBudgetQuery } from "../../../generated/graphql";
import { ApiError, request } from "../api/client";
import { money } from "../lib/format";
import { periodsOf, type Model } from "../lib/model-results";
import { ErrorBox } from "./error-box";

/** Total budget and per-channel bounds → current vs proposed daily plan and the predicted outcome. */
export function BudgetOptimizer({ model, currency }: { model: Model; currency: string }) {
  const paid = model.results.filter((r) => !r.organic && r.spend);
  const periods = periodsOf(model);
  const currentDaily = paid.reduce((s, r) => s + (r.spend ?? 0), 0) / periods;
  const [budget, setBudget] = useState(String(Math.round(currentDaily * 28)));
  const [days, setDays] = useState("28");
  const [bounds, setBounds] = useState<Record<string, { min: string; max: string }>>({});
  const [plan, setPlan] = useState<ConsoleOptimizeBudgetQuery["optimizeBudget"] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const constraints = Object.entries(bounds).flatMap(([channel, b]) =>
      b.min || b.max ? [{ channel, min: b.min ? Number(b.min) : null, max: b.max ? Number(b.max) : null }] : []);
    try {
      setPlan((await request(ConsoleOptimizeBudgetDocument, { modelId: model.id, budget: Number(budget), periods: Number(days), constraints })).optimizeBudget);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const set = (ch: string, k: "min" | "max", v: string) => setBounds({ ...bounds, [ch]: { ...(bounds[ch] ?? { min: "", max: "" }), [k]: v } });
  return (
    <form class="card" onSubmit={submit} aria-label="Budget optimiser">
      <h2>Budget optimiser</h2>
      <div class="row">
        <label>Total budget ({currency}) <input name="budget" type="number" min="0" step="any" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} /></label>
        <label>Over days <input name="periods" type="number" min="1" step="1" value={days} onInput={(e) => setDays(e.currentTarget.value)} /></label>
      </div>
      <table class="data">
        <thead><tr><th>Channel</th><th>Min per day</th><th>Max per day</th></tr></thead>
        <tbody>{paid.map((r) => (
          <tr><td>{r.channel}</td>
            <td><input type="number" min="0" step="any" aria-label={`${r.channel} min`} value={bounds[r.channel]?.min ?? ""} onInput={(e) => set(r.channel, "min", e.currentTarget.value)} /></td>
            <td><input type="number" min="0" step="any" aria-label={`${r.channel} max`} value={bounds[r.channel]?.max ?? ""} onInput={(e) => set(r.channel, "max", e.currentTarget.value)} /></td></tr>
        ))}</tbody>
      </table>
      <button type="submit">Optimise</button>
      <ErrorBox error={error} />
      {plan && (
        <div data-testid="budget-plan">
          <table class="data">
            <thead><tr><th>Channel</th><th>Current per day</th><th>Proposed per day</th><th>Proposed total</th><th>Expected contribution</th></tr></thead>
            <tbody>{plan.allocation.map((a) => (
              <tr data-channel={a.channel}><td>{a.channel}</td><td class="num">{money(a.currentPerPeriod, currency)}</td><td class="num">{money(a.perPeriod, currency)}</td>
                <td class="num">{money(a.spend, currency, 0)}</td><td class="num">{money(a.expectedContribution, currency, 0)}</td></tr>
            ))}</tbody>
          </table>
          <p>Predicted media revenue: <strong data-testid="expected-media">{money(plan.expectedMediaOutcome.value, currency, 0)}</strong>
            {plan.expectedMediaOutcome.low !== null && ` (${money(plan.expectedMediaOutcome.low, currency, 0)} … ${money(plan.expectedMediaOutcome.high, currency, 0)})`}
            {" "}vs {money(plan.currentMixMediaOutcome, currency, 0)} with the current mix; total with baseline {money(plan.expectedTotalOutcome.value, currency, 0)}.</p>
        </div>
      )}
    </form>
  );
}

import type { AbResult } from "../lib/experiment-results";
import { count, percent, pValue } from "../lib/format";

/** A/B comparisons: lift with its interval, p-value, chance to win, and the sample-ratio check. */
export function AbTable({ result, alpha }: { result: AbResult; alpha: number }) {
  return (
    <>
      {result.sampleRatio?.mismatch && (
        <div class="error" role="alert">Sample-ratio mismatch (p = {pValue(result.sampleRatio.pValue)}): assignment looks broken; do not trust these results.</div>
      )}
      <table class="data" data-testid="ab-table">
        <thead><tr><th>Variant</th><th>Units</th><th>Mean</th><th>Lift</th><th>{Math.round((1 - alpha) * 100)} % interval</th><th>p-value</th><th>Chance to win</th></tr></thead>
        <tbody>
          {result.variants.map((v) => {
            const c = result.comparisons.find((x) => x.variant === v.variant);
            return (
              <tr data-variant={v.variant}>
                <td>{v.variant}{v.variant === result.control ? " (control)" : ""}</td>
                <td class="num">{count(v.n)}</td>
                <td class="num">{count(v.mean, 4)}</td>
                <td class="num">{c ? percent(c.relativeLift, true, 2) : "–"}</td>
                <td class="num">{c ? `${percent(c.relativeInterval.low, true, 2)} … ${percent(c.relativeInterval.high, true, 2)}` : "–"}</td>
                <td class="num">{c ? pValue(c.pValue) : "–"}</td>
                <td class="num">{c?.bayesian ? percent(c.bayesian.chanceToWin, false, 1) : "–"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** A labelled progress bar (0–100). */
export function ProgressBar({ percent, label }: { percent: number; label: string }) {
  const p = Math.max(0, Math.min(100, percent));
  return (
    <div class="progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(p)}>
      <div class="progress-fill" style={{ width: `${p}%` }} />
      <span class="progress-text">{p.toFixed(0)} %</span>
    </div>
  );
}

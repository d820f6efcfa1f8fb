import cliProgress from "cli-progress";
import { io } from "./io.js";

let bars: cliProgress.MultiBar | null = null;

/**
 * Where the CLI's log lines go: stderr, or above the progress bar while one is drawn (written between
 * two redraws, so a retry warning never lands in the middle of the bar).
 */
export const cliLogSink = {
  get isTTY() { return io().isTTY; },
  write(text: string) {
    if (bars) bars.log(text);
    else io().stderr(text);
  },
};

/** Seconds left as "1m05s", or "…" while no rate is known yet (cli-progress would print "NFs"). */
export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "…";
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

export interface ProgressBar {
  update(percent: number, payload: Record<string, string | number>): void;
  /** A line shown above the bar. */
  log(text: string): void;
  stop(): void;
}

/** A progress bar on stderr; log lines written meanwhile (cliLogSink, `log`) appear above it. */
export function startProgressBar(format: string, payload: Record<string, string | number>): ProgressBar {
  const multi = new cliProgress.MultiBar({
    format, hideCursor: true, stream: process.stderr, clearOnComplete: false,
    formatTime: (t: number) => formatEta(t),
  }, cliProgress.Presets.shades_classic);
  const bar = multi.create(100, 0, payload);
  bars = multi;
  return {
    update: (percent, p) => bar.update(percent, p),
    log: (text) => multi.log(text.endsWith("\n") ? text : `${text}\n`),
    stop() {
      // stop() does not flush lines logged since the last redraw.
      (multi as unknown as { update(): void }).update();
      multi.stop();
      bars = null;
    },
  };
}

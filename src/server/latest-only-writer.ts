import type { WebSocket } from "ws";

/**
 * Bytes waiting in a socket's user-space buffer (ws `bufferedAmount`) above which it counts as backed up. The kernel's
 * own buffer (hundreds of KiB) is already full by then, so the client reads slower than events come.
 */
export const BACKED_UP_BYTES = 16 * 1024;
/** How often a held message is retried while its socket stays backed up. */
const RETRY_MS = 10;

/** What one subscription writes to its socket. */
export interface LatestOnlyWriter {
  /** Write `text`; while the socket is backed up, a supersedable text is held instead, replacing one held before. */
  send(text: string, supersedable: boolean): void;
  /** Write what is held now: before the subscription's end (complete or error) or a text that is not supersedable. */
  flush(): void;
}

/**
 * Writers for a thousand sockets that follow progress events: a socket whose client cannot keep up is sent only the latest
 * of the events that a later one makes obsolete (progress snapshots), not a growing backlog in the gateway's memory that
 * the client would read seconds late. Nothing else is dropped or reordered: a text that is not supersedable first writes
 * the one held, and every text goes out in the order given. One timer serves every socket holding a text.
 */
export function latestOnlyWriters(options: { backedUpBytes?: number; onWrite?: (text: string) => void } = {}) {
  const limit = options.backedUpBytes ?? BACKED_UP_BYTES;
  const holding = new Set<{ retry(): void }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const tick = () => {
    for (const w of holding) w.retry();
    if (!holding.size) { clearInterval(timer); timer = undefined; }
  };
  return (socket: WebSocket, write: (text: string) => string = (t) => t): LatestOnlyWriter => {
    let held: string | undefined;
    const open = () => socket.readyState === socket.OPEN;
    const put = (text: string) => { socket.send(write(text)); options.onWrite?.(text); };
    const self = {
      retry: () => {
        if (!open()) { held = undefined; holding.delete(self); } else if (socket.bufferedAmount <= limit) writer.flush();
      },
    };
    const writer: LatestOnlyWriter = {
      send(text, supersedable) {
        if (!open()) return;
        if (supersedable && socket.bufferedAmount > limit) {
          held = text;
          holding.add(self);
          timer ??= setInterval(tick, RETRY_MS).unref();
          return;
        }
        writer.flush();
        put(text);
      },
      flush() {
        if (held === undefined) return;
        const text = held;
        held = undefined;
        holding.delete(self);
        if (open()) put(text);
      },
    };
    return writer;
  };
}

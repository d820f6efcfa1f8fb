/**
 * Pull from an async iterable ahead of its consumer, holding at most `max` items, so reading the
 * next pages overlaps loading the last chunk while memory stays bounded. Errors surface in order;
 * stopping early (break, throw) returns the source.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let buf: T[] = [];
  let head = 0;
  let done = false;
  let stopped = false;
  let failure: { error: unknown } | undefined;
  let wakeConsumer: (() => void) | undefined;
  let wakeProducer: (() => void) | undefined;
  const pump = (async () => {
    try {
      while (!stopped) {
        if (buf.length - head >= max) { await new Promise<void>((r) => (wakeProducer = r)); continue; }
        const r = await it.next();
        if (r.done) break;
        buf.push(r.value);
        wakeConsumer?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      done = true;
      wakeConsumer?.();
    }
  })();
  try {
    for (;;) {
      if (head < buf.length) {
        const v = buf[head++]!;
        if (head > 4096) { buf = buf.slice(head); head = 0; }
        wakeProducer?.();
        yield v;
        continue;
      }
      if (failure) throw failure.error;
      if (done) return;
      await new Promise<void>((r) => (wakeConsumer = r));
      wakeConsumer = undefined;
    }
  } finally {
    stopped = true;
    wakeProducer?.();
    if (!done) await it.return?.(undefined);
    await pump;
  }
}

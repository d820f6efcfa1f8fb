import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";

/**
 * graphql-js executes a subscription's selection once per subscriber for every event: 1,000 dashboards
 * following `syncProgress` means 1,000 identical executions per progress event. This `subscribe` runs the
 * source stream per subscriber as graphql-js does (each subscription's filter still decides what it
 * receives) but executes each event once per *share key* and hands every subscriber with that key the
 * same result.
 *
 * The share key must capture everything a result can depend on besides the event: the operation text,
 * its variables and operation name, and the parts of the context resolvers read (org, role, base URL).
 * Subscriptions without a key are executed per subscriber. Results are cached on the event object itself
 * (a WeakMap), so they live exactly as long as the event is being delivered.
 */
export function sharedSubscribe(shareKeyOf: (args: ExecutionArgs) => string | undefined) {
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  const run = (args: ExecutionArgs, event: unknown): Promise<ExecutionResult> => Promise.resolve(execute({ ...args, rootValue: event }));
  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const key = shareKeyOf(args);
    return mapAsyncIterator(source, (event) => {
      if (key === undefined || typeof event !== "object" || event === null) return run(args, event);
      let byKey = results.get(event);
      if (!byKey) results.set(event, (byKey = new Map()));
      let result = byKey.get(key);
      if (!result) byKey.set(key, (result = run(args, event)));
      return result;
    });
  };
}

/**
 * Map an async iterator, passing `return` straight to the source, as graphql-js's own mapAsyncIterator
 * does: a subscriber that leaves ends its source at once instead of at the source's next event (an async
 * generator would wait for it).
 */
function mapAsyncIterator<T, U>(iterable: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncGenerator<U> {
  const source = iterable[Symbol.asyncIterator]();
  const done = { value: undefined, done: true } as const;
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<U>> => {
    if (result.done) return done;
    try {
      return { value: await map(result.value), done: false };
    } catch (error) {
      await source.return?.();
      throw error;
    }
  };
  return {
    next: () => source.next().then(step),
    return: () => (source.return ? source.return().then(step) : Promise.resolve(done)),
    throw: (error: unknown) => (source.throw ? source.throw(error).then(step) : Promise.reject(error)),
    [Symbol.asyncIterator]() { return this; },
  } as AsyncGenerator<U>;
}

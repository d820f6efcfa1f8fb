import { channel } from "node:diagnostics_channel";
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createDeliveryQueue, type Delivery } from "./delivery-queue.js";

/** How a subscriber with a share key receives what its group's events execute to. */
export interface SharedMember {
  /**
   * Everything a result can depend on besides the event: the operation text, its variables and operation
   * name, and the parts of the context resolvers and filters read (org, role, base URL).
   */
  key: string;
  /**
   * Write one result, already serialised as JSON, to this subscriber (e.g. a graphql-ws `next` message); `supersedable`
   * says a later result of the group makes it obsolete, so a subscriber that cannot keep up may skip it.
   */
  send(resultJson: string, supersedable: boolean): void;
  /** Write anything held back: called before the subscriber's stream ends, so its last results precede the end. */
  flush?(): void;
}

/** Each group's event as it is queued for delivery (its serialised result), for measuring delivery inside the gateway. */
const queued = channel("liftgate:subscription-queued");

type Group = { key: string; members: Set<Member>; source: AsyncIterator<unknown>; closed: boolean };
type Member = SharedMember & { args: ExecutionArgs; group: Group; left: boolean; end(error?: unknown): void };

/**
 * graphql-js runs a subscription's source stream, filter and selection once per subscriber for every event,
 * and graphql-ws then serialises each result per subscriber: 1,000 dashboards following `syncProgress` meant
 * 1,000 listeners, filters, executions and JSON.stringify calls per progress event, on the loop that runs the
 * sync. Here subscribers with one share key form a group with one source stream (so one filter), and each
 * event is executed and serialised once per group; the same JSON goes to every member through a delivery
 * queue that writes in batches between turns of the event loop, so the publisher never waits for delivery.
 * When that queue falls behind (a batch ran and an event of the group is still being delivered when the next one
 * comes) and the older event is supersedable, its remaining members get only the newer one: the work per event stays
 * bounded by what the loop can do, instead of a backlog that the sync waits behind.
 *
 * Subscribers without a member (no share key) are executed per subscriber as graphql-js does. A shared
 * subscriber's own iterator yields nothing: it ends when the subscriber leaves, and completes (or fails)
 * after the last event queued for it when its group's source ends (or fails).
 */
export function sharedSubscribe(
  memberOf: (args: ExecutionArgs) => SharedMember | undefined,
  options: { format?: (result: ExecutionResult) => ExecutionResult; supersedable?: (event: unknown) => boolean } = {},
) {
  const format = options.format ?? ((r: ExecutionResult) => r);
  const supersedable = options.supersedable ?? (() => false);
  // An open group, or the promise of one while its source stream is being created.
  const groups = new Map<string, Group | Promise<Group | ExecutionResult>>();
  const deliveries = createDeliveryQueue();

  const open = async (key: string, args: ExecutionArgs): Promise<Group | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const group: Group = { key, members: new Set(), source: source[Symbol.asyncIterator](), closed: false };
    void pump(group);
    return group;
  };
  const pump = async (group: Group) => {
    let failure: { error: unknown } | undefined;
    // This group's supersedable events still being delivered.
    let latest: Delivery[] = [];
    try {
      for (let r = await group.source.next(); !r.done; r = await group.source.next()) {
        // Any member's args: members of a group differ only in what their key says does not matter.
        const [first] = group.members;
        if (!first) continue;
        const json = JSON.stringify(format(await execute({ ...first.args, rootValue: r.value })));
        const latestOnly = supersedable(r.value);
        if (queued.hasSubscribers) queued.publish({ json, members: group.members.size, latestOnly });
        // Delivery fell behind (a batch ran since they were queued): members not sent an older snapshot yet get this event instead.
        for (const d of latest) if (d.behind) d.cancel();
        latest = latest.filter((d) => !d.done);
        const delivery = deliveries.push([...group.members], (m) => m.left || m.send(json, latestOnly));
        if (latestOnly) latest.push(delivery);
      }
    } catch (error) {
      failure = { error };
    }
    close(group);
    deliveries.push([...group.members], (m) => m.end(failure?.error));
  };
  /** Take a group out of the map, so that the next subscriber with its key opens a new one. */
  const close = (group: Group) => {
    if (group.closed) return;
    group.closed = true;
    if (groups.get(group.key) === group) groups.delete(group.key);
  };
  const leave = (member: Member) => {
    member.left = true;
    const { group } = member;
    if (!group.members.delete(member) || group.members.size > 0) return;
    close(group);
    void group.source.return?.();
  };

  return async (args: ExecutionArgs): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult> => {
    const shared = memberOf(args);
    if (!shared) {
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return source;
      return mapAsyncIterator(source, (event) => Promise.resolve(execute({ ...args, rootValue: event })));
    }
    let group: Group | ExecutionResult;
    do {
      let entry = groups.get(shared.key);
      if (!entry) {
        const opening: Promise<Group | ExecutionResult> = open(shared.key, args).then((g) => {
          if (groups.get(shared.key) !== opening) return g;
          if ("members" in g && !g.closed) groups.set(shared.key, g);
          else groups.delete(shared.key);
          return g;
        });
        groups.set(shared.key, (entry = opening));
      }
      group = await entry;
      if (!("members" in group)) return group;
    } while (group.closed);
    let settle!: (r: IteratorResult<ExecutionResult>) => void;
    let fail!: (e: unknown) => void;
    const ended = new Promise<IteratorResult<ExecutionResult>>((res, rej) => { settle = res; fail = rej; });
    const member: Member = {
      ...shared, args, group, left: false,
      end: (error) => {
        if (member.left) return;
        member.left = true;
        member.flush?.();
        if (error === undefined) settle(DONE); else fail(error);
      },
    };
    group.members.add(member);
    return {
      next: () => ended,
      return: () => { leave(member); settle(DONE); return Promise.resolve(DONE); },
      throw: (error: unknown) => { leave(member); settle(DONE); return Promise.reject(error); },
      [Symbol.asyncIterator]() { return this; },
    } as AsyncGenerator<ExecutionResult>;
  };
}

const DONE = { value: undefined, done: true } as const;

/**
 * Map an async iterator, passing `return` straight to the source, as graphql-js's own mapAsyncIterator
 * does: a subscriber that leaves ends its source at once instead of at the source's next event (an async
 * generator would wait for it).
 */
function mapAsyncIterator<T, U>(iterable: AsyncIterable<T>, map: (value: T) => Promise<U>): AsyncGenerator<U> {
  const source = iterable[Symbol.asyncIterator]();
  const step = async (result: IteratorResult<T>): Promise<IteratorResult<U>> => {
    if (result.done) return DONE;
    try {
      return { value: await map(result.value), done: false };
    } catch (error) {
      await source.return?.();
      throw error;
    }
  };
  return {
    next: () => source.next().then(step),
    return: () => (source.return ? source.return().then(step) : Promise.resolve(DONE)),
    throw: (error: unknown) => (source.throw ? source.throw(error).then(step) : Promise.reject(error)),
    [Symbol.asyncIterator]() { return this; },
  } as AsyncGenerator<U>;
}

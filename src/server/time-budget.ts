import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver, type GraphQLSchema } from "graphql";

/**
 * Request time budgets and per-organization concurrency. Every query and mutation gets a deadline
 * (REQUEST_TIMEOUT_MS from when its context was built); each organization runs at most
 * REQUEST_CONCURRENCY_PER_ORG operations at a time, the rest wait their turn in order. So one tenant's
 * flood of heavy requests queues behind itself, and other tenants' requests are served beside it.
 * Both are enforced around the root fields of Query and Mutation, so HTTP and WebSocket share them;
 * subscriptions are long-lived and are not timed. The budget's signal is aborted at the deadline (and
 * when the client goes away), so the CPU work an operation started stops with it: services pass it on
 * to compute(), whose aborted task's thread is terminated.
 */

/** The part of a request's context the budget reads and keeps. */
export interface Budget {
  orgId: string;
  /** Epoch ms after which the operation is answered with TIMEOUT (Infinity: no limit). */
  deadline: number;
  timeoutMs: number;
  /** Root resolvers of this operation still running, and the org slot they share. */
  active: number;
  slot?: Slot;
  /** This server's per-organization gate. */
  gate: OrgGate;
  /** Aborted when the deadline passes or the client goes away: give it to compute() and check it between chunks of work. */
  signal: AbortSignal;
  /** Stop the operation's work (the reason becomes the signal's reason); later calls do nothing. */
  abort(reason: Error): void;
}

interface Slot { granted: Promise<void>; release(): void }

/** At most `max` operations per organization at once; the others wait in arrival order. */
export function createOrgGate(max: number) {
  const running = new Map<string, number>();
  const queues = new Map<string, (() => void)[]>();
  const next = (org: string) => {
    const q = queues.get(org);
    const wake = q?.shift();
    if (q && !q.length) queues.delete(org);
    if (wake) wake();
    else if ((running.get(org) ?? 0) <= 1) running.delete(org);
    else running.set(org, running.get(org)! - 1);
  };
  return {
    acquire(org: string): Slot {
      let state: "waiting" | "running" | "done" = "waiting";
      let wake!: () => void;
      const granted = new Promise<void>((resolve) => (wake = () => { state = "running"; resolve(); }));
      if ((running.get(org) ?? 0) < max) { running.set(org, (running.get(org) ?? 0) + 1); wake(); }
      else { const q = queues.get(org) ?? []; q.push(wake); queues.set(org, q); }
      return {
        granted,
        release() {
          if (state === "running") next(org); // the slot passes to the next waiter, if any
          else if (state === "waiting") { const q = queues.get(org); q?.splice(q.indexOf(wake), 1); if (q && !q.length) queues.delete(org); }
          state = "done";
        },
      };
    },
  };
}

export type OrgGate = ReturnType<typeof createOrgGate>;

const gates = new WeakMap<object, OrgGate>();
/** One gate per running gateway (keyed by its app), sized from its config. */
export function gateFor(app: object, max: number): OrgGate {
  let gate = gates.get(app);
  if (!gate) gates.set(app, (gate = createOrgGate(max)));
  return gate;
}

/** A new operation's budget: its deadline counts from now. */
export function newBudget(app: object, orgId: string, limits: { timeoutMs: number; concurrencyPerOrg: number }): Budget {
  const controller = new AbortController();
  return {
    orgId, deadline: limits.timeoutMs > 0 ? Date.now() + limits.timeoutMs : Infinity, timeoutMs: limits.timeoutMs, active: 0, gate: gateFor(app, limits.concurrencyPerOrg),
    signal: controller.signal, abort: (reason) => controller.abort(reason),
  };
}

export function timeoutError(timeoutMs: number): GraphQLError {
  return new GraphQLError(
    `This operation ran past its time budget of ${timeoutMs} ms (REQUEST_TIMEOUT_MS) and was stopped. Ask for less (a shorter range, smaller pages, fewer fields) or split it into several requests.`,
    { extensions: { code: "TIMEOUT", timeoutMs } },
  );
}

const budgeted = new WeakSet<GraphQLSchema>();

/** The client of an operation went away (HTTP connection closed, WebSocket closed) before its answer. */
export const clientGone = () => Object.assign(new Error("The client went away before the answer; its work was stopped."), { name: "AbortError" });

/** Wrap every Query and Mutation root resolver so it waits for its org's slot, answers TIMEOUT at the deadline and aborts the budget's signal then. */
export function applyTimeBudget(schema: GraphQLSchema): void {
  if (budgeted.has(schema)) return;
  budgeted.add(schema);
  for (const type of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(type?.getFields() ?? {})) field.resolve = withinBudget(field.resolve ?? defaultFieldResolver);
  }
}

function withinBudget(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, { budget?: Budget }> {
  return async (source, args, context, info) => {
    const budget = context.budget;
    if (!budget) return resolve(source, args, context, info);
    const remaining = budget.deadline - Date.now();
    if (remaining <= 0) throw timeoutError(budget.timeoutMs);
    // The operation's root fields share one slot (a query's run side by side; a mutation's one after another).
    if (budget.active++ === 0) budget.slot = budget.gate.acquire(budget.orgId);
    const slot = budget.slot!;
    let finished = false;
    const done = () => { if (finished) return; finished = true; if (--budget.active === 0) slot.release(); };
    let timer: NodeJS.Timeout | undefined;
    const expired = Number.isFinite(remaining)
      ? new Promise<never>((_, reject) => {
        timer = setTimeout(() => { const error = timeoutError(budget.timeoutMs); budget.abort(error); reject(error); }, remaining);
        timer.unref();
      })
      : new Promise<never>(() => {});
    try {
      try {
        await Promise.race([slot.granted, expired]);
      } catch (error) {
        done();
        throw error;
      }
      // The slot is held until the work itself ends, even when the answer already went out as TIMEOUT.
      const work = Promise.resolve().then(() => resolve(source, args, context, info));
      work.then(done, done);
      const result = await Promise.race([work, expired]);
      // Work that held the event loop past the deadline (the timer could not fire) is late all the same.
      if (Date.now() > budget.deadline) throw timeoutError(budget.timeoutMs);
      return result;
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Deliveries written per turn of the event loop: few enough that the sync's I/O runs between batches. */
const BATCH = 200;

/** One push's deliveries, as the queue runs them. */
export interface Delivery {
  /** Every item delivered, or the rest cancelled. */
  readonly done: boolean;
  /** Not done though the queue has run a batch since it was pushed: delivery is behind what is published. */
  readonly behind: boolean;
  /** Deliver nothing more of this push. */
  cancel(): void;
}

/**
 * A first-in, first-out queue of deliveries (one call per recipient) run in batches from setImmediate: a
 * publisher hands an event to a thousand subscribers without waiting for them, and the event loop serves its
 * other callbacks (the sync's database and HTTP replies) between batches. Order is kept across pushes.
 */
export function createDeliveryQueue(batch = BATCH) {
  type Job = { items: unknown[]; deliver: (item: never) => unknown; next: number; turn: number; cancelled: boolean };
  const jobs: Job[] = [];
  let turn = 0;
  let scheduled = false;
  const schedule = () => { if (!scheduled && jobs.length) { scheduled = true; setImmediate(run); } };
  const run = () => {
    scheduled = false;
    turn++;
    let budget = batch;
    try {
      while (budget > 0 && jobs.length) {
        const job = jobs[0]!;
        const stop = job.cancelled ? job.next : Math.min(job.items.length, job.next + budget);
        budget -= stop - job.next;
        while (job.next < stop) job.deliver(job.items[job.next++] as never);
        if (job.cancelled || job.next >= job.items.length) jobs.shift();
      }
    } finally {
      schedule();
    }
  };
  return {
    /** Call `deliver` for each item in turn, after everything pushed before. */
    push<T>(items: T[], deliver: (item: T) => unknown): Delivery {
      const job: Job = { items, deliver: deliver as (item: never) => unknown, next: 0, turn, cancelled: false };
      if (items.length) {
        jobs.push(job);
        schedule();
      }
      return {
        get done() { return job.cancelled || job.next >= job.items.length; },
        get behind() { return !this.done && turn > job.turn; },
        cancel() { job.cancelled = true; },
      };
    },
  };
}

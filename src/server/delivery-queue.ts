/** Deliveries written per turn of the event loop: few enough that the sync's I/O runs between batches. */
const BATCH = 200;

/**
 * A first-in, first-out queue of deliveries (one call per recipient) run in batches from setImmediate: a
 * publisher hands an event to a thousand subscribers without waiting for them, and the event loop serves its
 * other callbacks (the sync's database and HTTP replies) between batches. Order is kept across pushes.
 */
export function createDeliveryQueue(batch = BATCH) {
  const jobs: { items: unknown[]; deliver: (item: never) => unknown; next: number }[] = [];
  let scheduled = false;
  const schedule = () => { if (!scheduled && jobs.length) { scheduled = true; setImmediate(run); } };
  const run = () => {
    scheduled = false;
    let budget = batch;
    try {
      while (budget > 0 && jobs.length) {
        const job = jobs[0]!;
        const stop = Math.min(job.items.length, job.next + budget);
        budget -= stop - job.next;
        while (job.next < stop) job.deliver(job.items[job.next++] as never);
        if (job.next >= job.items.length) jobs.shift();
      }
    } finally {
      schedule();
    }
  };
  return {
    /** Call `deliver` for each item in turn, after everything pushed before. */
    push<T>(items: T[], deliver: (item: T) => unknown): void {
      if (!items.length) return;
      jobs.push({ items, deliver: deliver as (item: never) => unknown, next: 0 });
      schedule();
    },
  };
}

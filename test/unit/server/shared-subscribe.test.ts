import { describe, expect, it } from "vitest";
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createPubSub, filter, pipe } from "@graphql-yoga/subscription";
import { sharedSubscribe, type SharedMember } from "../../../src/server/shared-subscribe.js";

type Tick = { org: string; n: number };

/** A schema with one subscription whose field resolver counts its executions. */
function world() {
  const pubsub = createPubSub<{ TICK: [Tick] }>();
  let executions = 0;
  const Tick = new GraphQLObjectType({
    name: "Tick",
    fields: {
      n: { type: GraphQLInt },
      label: { type: GraphQLString, args: { prefix: { type: GraphQLString } }, resolve: (t: Tick, a: { prefix?: string }) => { executions++; return `${a.prefix ?? ""}${t.n}`; } },
    },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    subscription: new GraphQLObjectType({
      name: "Subscription",
      fields: {
        tick: {
          type: Tick,
          // Each subscriber sees only its org's ticks, as the gateway's filters do.
          subscribe: (_s: unknown, _a: unknown, ctx: { org: string }) => pipe(pubsub.subscribe("TICK"), filter((t: Tick) => t.org === ctx.org)),
          resolve: (t: unknown) => t,
        },
      },
    }),
  });
  return { pubsub, schema, executions: () => executions };
}

/** Subscribers of a sharedSubscribe, each with the JSON results it was sent. */
function subscribers(schema: GraphQLSchema) {
  const members = new WeakMap<ExecutionArgs, SharedMember>();
  const subscribe = sharedSubscribe((args) => members.get(args));
  const open = async (org: string, query: string, key: string | undefined) => {
    const received: unknown[] = [];
    const args: ExecutionArgs = { schema, document: parse(query), contextValue: { org } };
    if (key !== undefined) members.set(args, { key, send: (json) => void received.push(JSON.parse(json)) });
    return { received, it: (await subscribe(args)) as AsyncGenerator<ExecutionResult> };
  };
  return { open, subscribe };
}
const turns = async (n = 3) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

describe("sharedSubscribe", () => {
  it("executes and serialises each event once per share key and sends each subscriber only its own org's events", async () => {
    const { pubsub, schema, executions } = world();
    const { open } = subscribers(schema);
    // graphql-probe: this test's own schema (tick), not schema.graphql
    const plain = "subscription { tick { n label } }";
    // graphql-probe: as above
    const prefixed = 'subscription { tick { label(prefix: "#") } }';
    const subs = [
      await open("a", plain, `a|${plain}`), await open("a", plain, `a|${plain}`), await open("a", plain, `a|${plain}`),
      await open("a", prefixed, `a|${prefixed}`),
      await open("b", plain, `b|${plain}`),
    ];
    const unkeyed = await open("a", plain, undefined);
    const unkeyedNext = unkeyed.it.next();
    await turns(); // every source subscribed before the first event
    pubsub.publish("TICK", { org: "a", n: 1 });
    pubsub.publish("TICK", { org: "b", n: 7 });
    pubsub.publish("TICK", { org: "a", n: 2 });
    await turns();
    expect(subs.map((s) => s.received)).toEqual([
      [{ data: { tick: { n: 1, label: "1" } } }, { data: { tick: { n: 2, label: "2" } } }],
      [{ data: { tick: { n: 1, label: "1" } } }, { data: { tick: { n: 2, label: "2" } } }],
      [{ data: { tick: { n: 1, label: "1" } } }, { data: { tick: { n: 2, label: "2" } } }],
      [{ data: { tick: { label: "#1" } } }, { data: { tick: { label: "#2" } } }],
      [{ data: { tick: { n: 7, label: "7" } } }],
    ]);
    // Subscribers without a key still get results from their own iterator, one execution each.
    expect((await unkeyedNext).value).toEqual({ data: { tick: { n: 1, label: "1" } } });
    // org a: two events × (one for the three alike + one for the prefixed), one for the unkeyed's one read; org b: one.
    expect(executions()).toBe(6);
    for (const s of [...subs, unkeyed]) await s.it.return(undefined);
  });

  it("sends nothing more to a subscriber that left, ends its iterator at once, and ends the source with the last one", async () => {
    const { pubsub, schema } = world();
    const { open } = subscribers(schema);
    const plain = "subscription { tick { n } }"; // graphql-probe: this test's own schema (tick)
    const [stay, leave] = [await open("a", plain, "k"), await open("a", plain, "k")];
    const pending = leave.it.next();
    await turns();
    pubsub.publish("TICK", { org: "a", n: 1 });
    await expect(leave.it.return(undefined)).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    pubsub.publish("TICK", { org: "a", n: 2 });
    await turns();
    expect(stay.received).toEqual([{ data: { tick: { n: 1 } } }, { data: { tick: { n: 2 } } }]);
    // The event published before it left was already queued for it; nothing after.
    expect(leave.received).toEqual([]);
    await stay.it.return(undefined);
    // A newcomer with the same key opens a new source and hears only what is published after it.
    const late = await open("a", plain, "k");
    await turns();
    pubsub.publish("TICK", { org: "a", n: 3 });
    await turns();
    expect(late.received).toEqual([{ data: { tick: { n: 3 } } }]);
    expect(stay.received).toHaveLength(2);
    await late.it.return(undefined);
  });

  it("tells each send whether its event is supersedable, and flushes a member before its stream ends", async () => {
    const Tick = new GraphQLObjectType({ name: "Tick", fields: { n: { type: GraphQLInt } } });
    let joined!: () => void;
    const member = new Promise<void>((r) => { joined = r; });
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
      subscription: new GraphQLObjectType({
        name: "Subscription",
        fields: { tick: { type: Tick, subscribe: async function* () { await member; yield { n: 1 }; yield { n: 2 }; }, resolve: (t: unknown) => t } },
      }),
    });
    const log: string[] = [];
    const subscribe = sharedSubscribe(() => ({ key: "k", send: (json, latestOnly) => void log.push(`${json} ${latestOnly}`), flush: () => void log.push("flush") }), {
      supersedable: (event) => (event as Tick).n === 1,
    });
    // graphql-probe: this test's own schema (tick), not schema.graphql
    const it = (await subscribe({ schema, document: parse("subscription { tick { n } }") })) as AsyncGenerator<ExecutionResult>;
    joined();
    await it.next().then(() => log.push("end"));
    expect(log).toEqual(['{"data":{"tick":{"n":1}}} true', '{"data":{"tick":{"n":2}}} false', "flush", "end"]);
  });

  it("when delivery falls a batch behind, members not yet sent a supersedable event get only the newer one", async () => {
    for (const skippable of [true, false]) {
      const { pubsub, schema } = world();
      const members = new WeakMap<ExecutionArgs, SharedMember>();
      const subscribe = sharedSubscribe((args) => members.get(args), { supersedable: () => skippable });
      // 250 members: the delivery queue writes 200 per turn of the event loop.
      const received = await Promise.all(Array.from({ length: 250 }, async () => {
        const got: number[] = [];
        const args: ExecutionArgs = { schema, document: parse("subscription { tick { n } }"), contextValue: { org: "a" } }; // graphql-probe: this test's own schema
        members.set(args, { key: "k", send: (json) => void got.push((JSON.parse(json) as { data: { tick: Tick } }).data.tick.n) });
        await subscribe(args);
        return got;
      }));
      await turns();
      pubsub.publish("TICK", { org: "a", n: 1 });
      await turns(2); // one batch of 200 has gone out
      pubsub.publish("TICK", { org: "a", n: 2 });
      await turns(6);
      const runs = received.map((got) => got.join(",")).filter((g, i, all) => g !== all[i - 1]);
      expect(runs).toEqual(skippable ? ["1,2", "2"] : ["1,2"]);
      expect(received.filter((got) => got.length === 2)).toHaveLength(skippable ? 200 : 250);
    }
  });

  it("returns the source stream's errors as a result, as graphql-js's subscribe does", async () => {
    const { schema } = world();
    const subscribe = sharedSubscribe(() => ({ key: "k", send: () => {} }));
    const result = (await subscribe({ schema, document: parse("subscription { nope }") })) as ExecutionResult; // graphql-probe: no such field
    expect(result.errors?.[0]?.message).toBe('The subscription field "nope" is not defined.');
  });
});

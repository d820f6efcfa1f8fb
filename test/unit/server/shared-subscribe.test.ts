import { describe, expect, it } from "vitest";
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs, type ExecutionResult } from "graphql";
import { createPubSub, filter, pipe } from "@graphql-yoga/subscription";
import { sharedSubscribe } from "../../../src/server/shared-subscribe.js";

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

describe("sharedSubscribe", () => {
  it("executes each event once per share key and gives every subscriber its own org's events", async () => {
    const { pubsub, schema, executions } = world();
    const keys = new WeakMap<ExecutionArgs, string>();
    const subscribe = sharedSubscribe((args) => keys.get(args));
    const open = async (org: string, query: string, key: string | undefined) => {
      const args: ExecutionArgs = { schema, document: parse(query), contextValue: { org } };
      if (key !== undefined) keys.set(args, key);
      return (await subscribe(args)) as AsyncGenerator<ExecutionResult>;
    };
    // graphql-probe: this test's own schema (tick), not schema.graphql
    const plain = "subscription { tick { n label } }";
    // graphql-probe: as above
    const prefixed = 'subscription { tick { label(prefix: "#") } }';
    const subs = [
      await open("a", plain, `a|${plain}`), await open("a", plain, `a|${plain}`), await open("a", plain, `a|${plain}`),
      await open("a", prefixed, `a|${prefixed}`),
      await open("a", plain, undefined),
      await open("b", plain, `b|${plain}`),
    ];
    const next = subs.map((s) => s.next());
    await new Promise((r) => setTimeout(r, 10)); // every source subscribed before the first event
    pubsub.publish("TICK", { org: "a", n: 1 });
    pubsub.publish("TICK", { org: "b", n: 7 });
    const first = await Promise.all(next);
    expect(first.map((r) => r.value?.data)).toEqual([
      { tick: { n: 1, label: "1" } }, { tick: { n: 1, label: "1" } }, { tick: { n: 1, label: "1" } },
      { tick: { label: "#1" } },
      { tick: { n: 1, label: "1" } },
      { tick: { n: 7, label: "7" } },
    ]);
    // org a: one execution for the three alike, one for the prefixed, one for the unkeyed; org b: one.
    expect(executions()).toBe(4);
    // Subscribers with one key share the result object itself.
    expect(first[0]!.value).toBe(first[2]!.value);
    expect(first[5]!.value).not.toBe(first[0]!.value);

    // A subscriber that leaves ends at once, without waiting for another event.
    const pending = subs[0]!.next();
    await expect(subs[0]!.return(undefined)).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    for (const s of subs.slice(1)) await s.return(undefined);
  });

  it("returns the source stream's errors as a result, as graphql-js's subscribe does", async () => {
    const { schema } = world();
    const result = (await sharedSubscribe(() => "k")({ schema, document: parse("subscription { nope }") })) as ExecutionResult; // graphql-probe: no such field
    expect(result.errors?.[0]?.message).toBe('The subscription field "nope" is not defined.');
  });
});

import { Ctx, Query, Resolver } from "type-graphql";
import { getSandboxWorld } from "../demo/demo-world.js";
import { JSONScalar } from "../schema/scalars.js";
import type { Context } from "../server/context.js";

@Resolver()
export class SandboxResolver {
  @Query(() => JSONScalar, {
    nullable: true,
    description:
      "Ground truth of the sandbox world behind this organization (the demo org): generating parameters, true daily revenue and orders, " +
      "per-channel incremental revenue and ROAS, and what each platform claims. Null for organizations without a sandbox world. See docs/sandbox-world.md.",
  })
  async sandboxTruth(@Ctx() ctx: Context): Promise<unknown> {
    return (await getSandboxWorld(ctx.scope))?.truth ?? null;
  }
}

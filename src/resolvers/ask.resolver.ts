import { Arg, Ctx, Query, Resolver } from "type-graphql";
import { createOpenAiClient } from "../analytics/embeddings/openai-client.js";
import { ask } from "../analytics/nlq/ask.service.js";
import { AskResult } from "../schema/ask.type.js";
import { toTypedRow } from "../analytics/metrics/typed-row.js";
import type { CausalEstimate as CausalEstimateShape } from "../analytics/nlq/causal-estimate.js";
import { DateScalar } from "../schema/scalars.js";
import type { Context } from "../server/context.js";

const clients = new WeakMap<object, ReturnType<typeof createOpenAiClient>>();

@Resolver(() => AskResult)
export class AskResolver {
  @Query(() => AskResult, {
    description: 'Answer a plain-English question ("Meta ROAS last month vs the month before by campaign") from the metrics engine; never invents a number.',
  })
  async ask(
    @Arg("question", () => String) question: string,
    @Arg("today", () => DateScalar, { nullable: true, description: "Day relative dates count from (default: today, UTC)." }) today: string | undefined,
    @Ctx() ctx: Context,
  ): Promise<AskResult> {
    const oa = ctx.app.config.openai;
    let openai: { client: ReturnType<typeof createOpenAiClient>; model: string } | undefined;
    if (oa) {
      let client = clients.get(oa);
      if (!client) clients.set(oa, (client = createOpenAiClient({ apiKey: oa.apiKey, baseURL: oa.baseURL })));
      openai = { client, model: oa.chatModel };
    }
    const r = await ask(ctx.scope, question, { today: today ?? undefined, openai, signal: ctx.budget.signal });
    return { ...r, rows: r.rows.map(toTypedRow), estimates: r.estimates as unknown as CausalEstimateShape[] };
  }
}

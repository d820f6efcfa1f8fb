import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { indexOrgMemory } from "../analytics/search/index-memory.js";
import { memoryFor } from "../analytics/search/memory.js";
import { searchMemory } from "../analytics/search/search.service.js";
import { DateRangeInput } from "../schema/date-range.input.js";
import { SearchArgs } from "../schema/search.input.js";
import { MemoryIndexResult, SearchHit } from "../schema/search.type.js";
import type { Context } from "../server/context.js";

@Resolver(() => SearchHit)
export class SearchResolver {
  @Query(() => [SearchHit], {
    description: "Search the organization's memory (entities, daily campaign summaries, sync runs, results): vector similarity and full text, fused by rank.",
  })
  search(@Args(() => SearchArgs) args: SearchArgs, @Ctx() ctx: Context): Promise<SearchHit[]> {
    return searchMemory(ctx.scope, memoryFor(ctx.app), args.query, args.filter ?? {}, args.first) as Promise<SearchHit[]>;
  }

  @Authorized("editor")
  @Mutation(() => MemoryIndexResult, { description: "Bring the organization's memory up to date; only changed items are re-embedded." })
  reindexMemory(
    @Arg("dateRange", () => DateRangeInput, { nullable: true, description: "Only daily summaries in this range." }) dateRange: DateRangeInput | undefined,
    @Ctx() ctx: Context,
  ): Promise<MemoryIndexResult> {
    return indexOrgMemory(ctx.scope, { memory: memoryFor(ctx.app), dateRange: dateRange ?? undefined });
  }
}

import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { getCalendar } from "../analytics/calendar/calendar.service.js";
import { createMarketingEvent, deleteMarketingEvent, listEventsOverlapping, updateMarketingEvent } from "../analytics/calendar/marketing-events.service.js";
import { assertRange } from "../analytics/calendar/calendar.service.js";
import { CalendarDay, MarketingEventInput, MarketingEventType } from "../schema/calendar.type.js";
import { DateScalar } from "../schema/scalars.js";
import type { Context } from "../server/context.js";

@Resolver()
export class CalendarResolver {
  @Query(() => [CalendarDay], { description: "The org's calendar from `from` to `to` (at most ten years)." })
  calendar(@Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: Context): Promise<CalendarDay[]> {
    return getCalendar(ctx.scope, from, to);
  }

  @Query(() => [MarketingEventType], { description: "The org's marketing events overlapping `from` … `to`." })
  marketingEvents(@Arg("from", () => DateScalar) from: string, @Arg("to", () => DateScalar) to: string, @Ctx() ctx: Context): Promise<MarketingEventType[]> {
    assertRange(from, to);
    return listEventsOverlapping(ctx.scope, from, to);
  }

  @Authorized("editor")
  @Mutation(() => MarketingEventType)
  createMarketingEvent(@Arg("input", () => MarketingEventInput) input: MarketingEventInput, @Ctx() ctx: Context): Promise<MarketingEventType> {
    return createMarketingEvent(ctx.scope, input);
  }

  @Authorized("editor")
  @Mutation(() => MarketingEventType)
  updateMarketingEvent(@Arg("id", () => ID) id: string, @Arg("input", () => MarketingEventInput) input: MarketingEventInput, @Ctx() ctx: Context): Promise<MarketingEventType> {
    return updateMarketingEvent(ctx.scope, id, input);
  }

  @Authorized("editor")
  @Mutation(() => Boolean)
  async deleteMarketingEvent(@Arg("id", () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    await deleteMarketingEvent(ctx.scope, id);
    return true;
  }
}

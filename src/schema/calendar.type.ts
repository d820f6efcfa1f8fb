import { Node } from "./node.js";
import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { DateScalar, DateTimeScalar } from "./scalars.js";

@ObjectType({ description: "One day of the org's calendar (country/region holidays, fiscal year, seasons)." })
export class CalendarDay {
  @Field(() => DateScalar) date!: string;
  @Field(() => Int) year!: number;
  @Field(() => Int) quarter!: number;
  @Field(() => Int) month!: number;
  @Field(() => Int, { description: "ISO 8601 week-numbering year." }) isoYear!: number;
  @Field(() => Int) isoWeek!: number;
  @Field(() => Int, { description: "1 = Monday … 7 = Sunday." }) dayOfWeek!: number;
  @Field(() => Int) dayOfYear!: number;
  @Field(() => Boolean) isWeekend!: boolean;
  @Field(() => Boolean, { description: "Not a weekend and not a public holiday." }) isBusinessDay!: boolean;
  @Field(() => Boolean) isHoliday!: boolean;
  @Field(() => String, { nullable: true }) holidayName!: string | null;
  @Field(() => Boolean) isMonthEnd!: boolean;
  @Field(() => Boolean) isQuarterEnd!: boolean;
  @Field(() => Int, { description: "Named by the calendar year the fiscal year ends in." }) fiscalYear!: number;
  @Field(() => Int) fiscalQuarter!: number;
  @Field(() => Int) fiscalMonth!: number;
  @Field(() => String, { description: "winter | spring | summer | autumn, for the org's hemisphere." }) season!: string;
  @Field(() => String, { nullable: true, description: "black_friday_cyber_monday | holiday_season | back_to_school" }) peakSeason!: string | null;
  @Field(() => [String], { description: "The org's marketing events on this day." }) events!: string[];
  @Field(() => Float, { nullable: true, description: "Average daily revenue of this month of year ÷ overall, from the org's history (null under a year of history)." })
  seasonalityIndex!: number | null;
}

@ObjectType({ implements: Node, description: "A promotion, launch or other dated event of the org." })
export class MarketingEventType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => String, { description: "promotion | launch | peak_season | other" }) kind!: string;
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar) endDate!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
}

@InputType()
export class MarketingEventInput {
  @Field(() => String) name!: string;
  @Field(() => String, { nullable: true, description: "promotion | launch | peak_season | other (default other)" }) kind?: "promotion" | "launch" | "peak_season" | "other";
  @Field(() => DateScalar) startDate!: string;
  @Field(() => DateScalar) endDate!: string;
  @Field(() => String, { nullable: true }) description?: string;
}

@InputType({ description: "1 base = rate quote on a day." })
export class FxRateInput {
  @Field(() => DateScalar) date!: string;
  @Field(() => String) base!: string;
  @Field(() => String) quote!: string;
  @Field(() => String, { description: "A positive decimal, e.g. \"1.0832\"." }) rate!: string;
}

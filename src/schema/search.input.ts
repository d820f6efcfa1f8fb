import { ArgsType, Field, InputType, Int } from "type-graphql";
import { DateRangeInput } from "./date-range.input.js";
import { MemoryKind } from "./search.type.js";

@InputType({ description: "Narrow a search; fields combine with AND." })
export class SearchFilterInput {
  @Field(() => [String], { nullable: true, description: 'Platforms ("meta", "google_ads", "tiktok", "klaviyo").' })
  platforms?: string[];

  @Field(() => DateRangeInput, { nullable: true, description: "Only items dated within the range (undated items are left out)." })
  dateRange?: DateRangeInput;

  @Field(() => [MemoryKind], { nullable: true })
  kinds?: MemoryKind[];
}

@ArgsType()
export class SearchArgs {
  @Field(() => String, { description: "Words to search for." })
  query!: string;

  @Field(() => SearchFilterInput, { nullable: true })
  filter?: SearchFilterInput;

  @Field(() => Int, { defaultValue: 10, description: "How many hits (1–100)." })
  first!: number;
}

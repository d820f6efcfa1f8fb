import { Field, InputType, ObjectType } from "type-graphql";
import { DateScalar } from "./scalars.js";

@InputType({ description: "Days from `from` to `to`, both inclusive." })
export class DateRangeInput {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

@ObjectType({ description: "Days from `from` to `to`, both inclusive." })
export class DateRange {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar)
  to!: string;
}

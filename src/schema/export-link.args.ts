import { ArgsType, Field, Int } from "type-graphql";
import { CausalDatasetInput } from "./causal-dataset.type.js";
import { MetricsQueryInput } from "./metrics.input.js";

@ArgsType()
export class CreateExportLinkArgs {
  @Field(() => MetricsQueryInput, { nullable: true, description: "The metrics query the link serves (limit and after are ignored: the CSV has every row). Give this or causalDataset." })
  metrics?: MetricsQueryInput;

  @Field(() => CausalDatasetInput, { nullable: true, description: "The causal dataset the link serves. Give this or metrics." })
  causalDataset?: CausalDatasetInput;

  @Field(() => Int, { nullable: true, description: "Seconds until the link stops working: 60 to 31536000 (365 days); default 2592000 (30 days)." })
  expiresIn?: number;

  @Field(() => String, { nullable: true, description: "A label, e.g. \"weekly spend sheet\"." })
  name?: string;
}

import { ConnectionStatusInput } from "./status-enums.js";
import { Field, ID, InputType } from "type-graphql";
import { JSONScalar } from "./scalars.js";

@InputType()
export class CreateConnectionInput {
  @Field(() => ID, { description: "Connector id, e.g. meta-ads." })
  pluginId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => JSONScalar, { description: "Config including secrets, validated against the connector's configSchema." })
  config!: Record<string, unknown>;

  @Field(() => String, { nullable: true })
  schedule?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  landRaw?: boolean;
}

@InputType()
export class UpdateConnectionInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => JSONScalar, { nullable: true, description: "Fields to change; secret fields left out keep their stored value." })
  config?: Record<string, unknown>;

  @Field(() => String, { nullable: true, description: "A schedule, or an empty string to make it manual only." })
  schedule?: string | null;

  @Field(() => ConnectionStatusInput, { nullable: true })
  status?: "active" | "paused";

  @Field(() => Boolean, { nullable: true })
  landRaw?: boolean;
}

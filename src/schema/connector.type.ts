import { Node } from "./node.js";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { JSONScalar } from "./scalars.js";

@ObjectType({ description: "What a connector can do; the sync engine plans around it." })
export class ConnectorCapabilities {
  @Field(() => Boolean, { description: "Reads incrementally from saved state." })
  incremental!: boolean;

  @Field(() => Int, { description: "Days re-read before the saved cursor (platform restatement)." })
  defaultLookbackDays!: number;

  @Field(() => Int, { description: "Largest date window one read covers." })
  maxWindowDays!: number;
}

@ObjectType({ description: "A stream a connector offers." })
export class ConnectorStream {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "facts or entities." })
  kind!: string;

  @Field(() => String, { description: "Grain of the rows, e.g. ad × day." })
  grain!: string;

  @Field(() => [String])
  primaryKey!: string[];

  @Field(() => String, { nullable: true })
  cursorField?: string;
}

@ObjectType({ implements: Node, description: "A connector plugin this gateway can run." })
export class Connector {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "Platform written into facts." })
  platform!: string;

  @Field(() => ConnectorCapabilities)
  capabilities!: ConnectorCapabilities;

  @Field(() => JSONScalar, { description: "JSON Schema of the connection config; secret fields carry writeOnly: true." })
  configSchema!: unknown;

  @Field(() => [String], { description: "Config fields that are secrets: write-only, encrypted at rest." })
  secretFields!: string[];
}

import { Node } from "./node.js";
import { ConnectionStatus } from "./status-enums.js";
import { Field, ID, ObjectType } from "type-graphql";
import { JSONScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

@ObjectType({ implements: Node, description: "A configured connector of this organization. Secrets are never returned." })
export class Connection {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  pluginId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => JSONScalar, { description: "Non-secret config." })
  config!: Record<string, unknown>;

  @Field(() => [String], { description: "Names of the secret fields that are set (values are never returned)." })
  secretsSet!: string[];

  @Field(() => String, { nullable: true, description: '"every 6h", "daily 03:00" (UTC) or null for manual only.' })
  schedule!: string | null;

  @Field(() => ConnectionStatus)
  status!: string;

  @Field(() => Boolean, { description: "Raw records are landed for retransform." })
  landRaw!: boolean;

  @Field(() => Date, { nullable: true })
  lastSyncAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastSuccessAt!: Date | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType()
export class ConnectionCheck {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, { nullable: true, description: "Why the check failed, and what to fix." })
  reason?: string;
}

export const ConnectionConnection = connectionOf(Connection, "Connection");

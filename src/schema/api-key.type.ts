import { Node } from "./node.js";
import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateTimeScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

export enum Role {
  viewer = "viewer",
  editor = "editor",
  admin = "admin",
}
registerEnumType(Role, { name: "Role", description: "viewer reads; editor also writes data; admin also manages keys and connections." });

@ObjectType({ implements: Node, description: "An API key. Only its prefix is ever shown after creation." })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "First characters of the key, to tell keys apart." })
  prefix!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field(() => ApiKey)
  apiKey!: ApiKey;

  @Field(() => String, { description: "The full key. It is shown once; store it now." })
  secret!: string;
}

export const ApiKeyConnection = connectionOf(ApiKey, "ApiKey");

import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "./node.js";
import { DateTimeScalar } from "./scalars.js";
import { connectionOf } from "./connection-of.js";

export enum ExportLinkKind {
  metrics = "metrics",
  causalDataset = "causal_dataset",
}
registerEnumType(ExportLinkKind, { name: "ExportLinkKind", description: "What an export link serves as CSV." });

export enum ExportLinkStatus {
  active = "active",
  expired = "expired",
  revoked = "revoked",
}
registerEnumType(ExportLinkStatus, { name: "ExportLinkStatus" });

@ObjectType({ implements: Node, description: "A signed CSV link for tools that can only GET a URL (Google Sheets, Excel, Power BI, Looker Studio). Its token is shown once." })
export class ExportLink {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => ExportLinkKind)
  kind!: ExportLinkKind;

  @Field(() => String, { description: "First characters of the token, to tell links apart." })
  prefix!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@ObjectType()
export class CreatedExportLink {
  @Field(() => ExportLink)
  exportLink!: ExportLink;

  @Field(() => String, { description: "The CSV URL with its token: anyone holding it can read this one query of this organization until it expires. Shown once." })
  url!: string;
}

export const ExportLinkConnection = connectionOf(ExportLink, "ExportLink");

import { Field, InputType } from "type-graphql";

@InputType({ description: "Explicit column choices (the header text) that win over auto-detection." })
export class CsvColumnsInput {
  @Field(() => String, { nullable: true }) date?: string;
  @Field(() => String, { nullable: true }) dateEnd?: string;
  @Field(() => String, { nullable: true }) account?: string;
  @Field(() => String, { nullable: true }) campaign?: string;
  @Field(() => String, { nullable: true }) campaignId?: string;
  @Field(() => String, { nullable: true }) adGroup?: string;
  @Field(() => String, { nullable: true }) ad?: string;
  @Field(() => String, { nullable: true }) spend?: string;
  @Field(() => String, { nullable: true }) impressions?: string;
  @Field(() => String, { nullable: true }) clicks?: string;
  @Field(() => String, { nullable: true }) conversions?: string;
  @Field(() => String, { nullable: true }) revenue?: string;
  @Field(() => String, { nullable: true }) currency?: string;
}

@InputType({ description: "A small CSV as text (larger files: POST /imports/csv or `liftgate import`)." })
export class CsvImportInput {
  @Field(() => String, { description: "Platform the rows belong to, e.g. meta, google_ads, linkedin." })
  platform!: string;

  @Field(() => String, { description: "The file's text, header row first." })
  csv!: string;

  @Field(() => String, { nullable: true })
  fileName?: string;

  @Field(() => String, { nullable: true, description: "auto (ISO) | YYYY-MM-DD | YYYY/MM/DD | MM/DD/YYYY | DD/MM/YYYY | DD.MM.YYYY | DD-MM-YYYY | MM-DD-YYYY" })
  dateFormat?: string;

  @Field(() => String, { nullable: true, description: '"." or ","' })
  decimalSeparator?: string;

  @Field(() => String, { nullable: true, description: '"," "." "\'" " " or "" for none' })
  thousandsSeparator?: string;

  @Field(() => String, { nullable: true, description: "Currency for rows without a currency column, e.g. USD." })
  defaultCurrency?: string;

  @Field(() => String, { nullable: true, description: "Field separator; sniffed from the header when absent." })
  delimiter?: string;

  @Field(() => CsvColumnsInput, { nullable: true })
  columns?: CsvColumnsInput;

  @Field(() => Boolean, { nullable: true, description: "Count Meta's Results column as conversions when the export has no purchases column (never when it has one)." })
  resultsAsConversions?: boolean;
}

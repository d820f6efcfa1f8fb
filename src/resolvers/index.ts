import type { NonEmptyArray } from "type-graphql";
import { ConnectionResolver, ConnectorResolver } from "./connection.resolver.js";
import { SyncRunResolver } from "./sync-run.resolver.js";
import { ApiKeyResolver } from "./api-key.resolver.js";
import { EntityConnectionResolver, EntityResolver } from "./entity.resolver.js";
import { FactConnectionResolver } from "./fact-connection.resolver.js";
import { FactResolver } from "./fact.resolver.js";
import { OrganizationResolver } from "./organization.resolver.js";
import { CsvImportResolver } from "./csv-import.resolver.js";
import { MetricsResolver, MetricsRowResolver } from "./metrics.resolver.js";
import { NodeResolver } from "./node.resolver.js";
import { CalendarResolver } from "./calendar.resolver.js";
import { AnalyticsDataResolver, CausalDatasetRowResolver } from "./analytics-data.resolver.js";
import { SandboxResolver } from "./sandbox.resolver.js";
import { SearchResolver } from "./search.resolver.js";
import { AskResolver } from "./ask.resolver.js";
import { ExperimentResolver } from "./experiment.resolver.js";
import { AttributionResolver } from "./attribution.resolver.js";
import { CausalAnalysisResolver } from "./causal-analysis.resolver.js";
import { ExportLinkResolver } from "./export-link.resolver.js";
import { WebhookResolver } from "./webhook.resolver.js";

/** Every resolver class of the schema. Areas add theirs here, one line each. */
export const resolvers: NonEmptyArray<Function> = [
  OrganizationResolver,
  ApiKeyResolver,
  FactResolver,
  FactConnectionResolver,
  EntityResolver,
  EntityConnectionResolver,
  MetricsResolver,
  MetricsRowResolver,
  NodeResolver,
  CalendarResolver,
  AnalyticsDataResolver,
  CausalDatasetRowResolver,
  SandboxResolver,
  ConnectorResolver,
  ConnectionResolver,
  SyncRunResolver,
  SearchResolver,
  AskResolver,
  ExperimentResolver,
  AttributionResolver,
  CausalAnalysisResolver,
  CsvImportResolver,
  ExportLinkResolver,
  WebhookResolver,
];

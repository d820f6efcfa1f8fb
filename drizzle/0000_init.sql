CREATE TYPE "public"."api_key_role" AS ENUM('viewer', 'editor', 'admin');--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"reporting_currency" text DEFAULT 'USD' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"country" text DEFAULT 'US' NOT NULL,
	"region" text,
	"fiscal_year_start_month" integer DEFAULT 1 NOT NULL,
	"week_start" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"role" "api_key_role" DEFAULT 'viewer' NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_secret_hash_unique" UNIQUE("secret_hash")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"plugin_id" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"secrets_enc" text,
	"schedule" text,
	"status" text DEFAULT 'active' NOT NULL,
	"land_raw" boolean DEFAULT false NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"trigger" text DEFAULT 'manual' NOT NULL,
	"streams" jsonb,
	"window_start" date,
	"window_end" date,
	"records_read" integer DEFAULT 0 NOT NULL,
	"records_written" integer DEFAULT 0 NOT NULL,
	"records_rejected" integer DEFAULT 0 NOT NULL,
	"error" text,
	"error_code" text,
	"progress" jsonb,
	"rejects" jsonb,
	"quality_report" jsonb,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_connection_id_stream_pk" PRIMARY KEY("connection_id","stream")
);
--> statement-breakpoint
CREATE TABLE "raw_records" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "raw_records_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"stream" text NOT NULL,
	"record_key" text NOT NULL,
	"data" jsonb NOT NULL,
	"sync_run_id" uuid,
	"emitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ad_entities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"connection_id" uuid,
	"platform" text NOT NULL,
	"level" text NOT NULL,
	"external_id" text NOT NULL,
	"parent_external_id" text,
	"account_external_id" text,
	"name" text,
	"status" text,
	"objective" text,
	"currency" text,
	"timezone" text,
	"extras" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketing_facts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "marketing_facts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"platform" text NOT NULL,
	"stream" text NOT NULL,
	"kind" text DEFAULT 'media' NOT NULL,
	"level" text DEFAULT 'ad' NOT NULL,
	"date" date NOT NULL,
	"account_id" text DEFAULT '' NOT NULL,
	"campaign_id" text DEFAULT '' NOT NULL,
	"ad_group_id" text DEFAULT '' NOT NULL,
	"ad_id" text DEFAULT '' NOT NULL,
	"breakdown_key" text DEFAULT '' NOT NULL,
	"breakdown_set" text DEFAULT '' NOT NULL,
	"breakdowns" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"spend" numeric(20, 6) DEFAULT '0' NOT NULL,
	"impressions" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	"conversions" numeric(20, 6) DEFAULT '0' NOT NULL,
	"revenue" numeric(20, 6) DEFAULT '0' NOT NULL,
	"reach" bigint,
	"video_views" bigint,
	"currency" text NOT NULL,
	"account_timezone" text,
	"attribution_setting" text,
	"extras" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"sync_run_id" uuid,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fx_rates" (
	"org_scope" text DEFAULT '' NOT NULL,
	"date" date NOT NULL,
	"base" text NOT NULL,
	"quote" text NOT NULL,
	"rate" numeric(20, 10) NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	CONSTRAINT "fx_rates_org_scope_base_quote_date_pk" PRIMARY KEY("org_scope","base","quote","date")
);
--> statement-breakpoint
CREATE TABLE "memory_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_key" text NOT NULL,
	"platform" text,
	"date_from" date,
	"date_to" date,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"embedding_model" text,
	"embedding" real[],
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', body), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_days" (
	"org_id" uuid NOT NULL,
	"date" date NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"month" integer NOT NULL,
	"iso_year" integer NOT NULL,
	"iso_week" integer NOT NULL,
	"iso_week_start" date NOT NULL,
	"month_start" date NOT NULL,
	"quarter_start" date NOT NULL,
	"day_of_week" integer NOT NULL,
	"day_of_year" integer NOT NULL,
	"is_weekend" boolean NOT NULL,
	"is_business_day" boolean NOT NULL,
	"is_holiday" boolean NOT NULL,
	"holiday_name" text,
	"is_month_end" boolean NOT NULL,
	"is_quarter_end" boolean NOT NULL,
	"fiscal_year" integer NOT NULL,
	"fiscal_quarter" integer NOT NULL,
	"fiscal_month" integer NOT NULL,
	"fiscal_year_start" date NOT NULL,
	"fiscal_quarter_start" date NOT NULL,
	"season" text NOT NULL,
	"peak_season" text,
	"settings_key" text NOT NULL,
	CONSTRAINT "calendar_days_org_id_date_pk" PRIMARY KEY("org_id","date")
);
--> statement-breakpoint
CREATE TABLE "marketing_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'other' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"file_name" text,
	"file_hash" text NOT NULL,
	"file_bytes" bigint DEFAULT 0 NOT NULL,
	"actor" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"rows_read" integer DEFAULT 0 NOT NULL,
	"rows_loaded" integer DEFAULT 0 NOT NULL,
	"rows_rejected" integer DEFAULT 0 NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_rejects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_rejects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"reason" text NOT NULL,
	"cells" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_worlds" (
	"org_id" uuid PRIMARY KEY NOT NULL,
	"options" jsonb NOT NULL,
	"truth" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"hypothesis" text,
	"type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"start_date" date,
	"end_date" date,
	"variants" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"treated_geos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"control_geos" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"treatment" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"randomization_unit" text,
	"primary_metric" text NOT NULL,
	"metric_type" text DEFAULT 'continuous' NOT NULL,
	"secondary_metrics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"alpha" double precision DEFAULT 0.05 NOT NULL,
	"planned_power" double precision,
	"planned_mde" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "experiment_observations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "experiment_observations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"metric" text NOT NULL,
	"variant" text DEFAULT '' NOT NULL,
	"unit_id" text DEFAULT '' NOT NULL,
	"geo" text DEFAULT '' NOT NULL,
	"date" date,
	"key" text NOT NULL,
	"n" double precision,
	"sum" double precision,
	"sum_squares" double precision,
	"covariate_sum" double precision,
	"covariate_sum_squares" double precision,
	"cross_sum" double precision,
	"value" double precision,
	"covariate" double precision
);
--> statement-breakpoint
CREATE TABLE "experiment_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"experiment_id" uuid NOT NULL,
	"metric" text NOT NULL,
	"method" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"result" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attribution_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"config" jsonb NOT NULL,
	"data_from" date,
	"data_to" date,
	"fit_metrics" jsonb,
	"feature_importance" jsonb,
	"state" jsonb,
	"progress" double precision DEFAULT 0 NOT NULL,
	"error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attribution_results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attribution_results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"method" text NOT NULL,
	"channel" text NOT NULL,
	"spend" double precision,
	"conversions" double precision,
	"value" double precision NOT NULL,
	"value_low" double precision,
	"value_high" double precision,
	"share" double precision NOT NULL,
	"roas" double precision,
	"roas_low" double precision,
	"roas_high" double precision,
	"marginal_roas" double precision,
	"marginal_roas_low" double precision,
	"marginal_roas_high" double precision,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "touchpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "touchpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"journey_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"channel" text DEFAULT '' NOT NULL,
	"campaign" text,
	"source" text,
	"medium" text,
	"url" text,
	"value" double precision
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_state" ADD CONSTRAINT "sync_state_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_records" ADD CONSTRAINT "raw_records_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw_records" ADD CONSTRAINT "raw_records_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_entities" ADD CONSTRAINT "ad_entities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_entities" ADD CONSTRAINT "ad_entities_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_facts" ADD CONSTRAINT "marketing_facts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memory_items" ADD CONSTRAINT "memory_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calendar_days" ADD CONSTRAINT "calendar_days_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketing_events" ADD CONSTRAINT "marketing_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejects" ADD CONSTRAINT "import_rejects_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_rejects" ADD CONSTRAINT "import_rejects_batch_id_import_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."import_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sandbox_worlds" ADD CONSTRAINT "sandbox_worlds_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiments" ADD CONSTRAINT "experiments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_observations" ADD CONSTRAINT "experiment_observations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_observations" ADD CONSTRAINT "experiment_observations_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_results" ADD CONSTRAINT "experiment_results_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "experiment_results" ADD CONSTRAINT "experiment_results_experiment_id_experiments_id_fk" FOREIGN KEY ("experiment_id") REFERENCES "public"."experiments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_models" ADD CONSTRAINT "attribution_models_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_results" ADD CONSTRAINT "attribution_results_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attribution_results" ADD CONSTRAINT "attribution_results_model_id_attribution_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."attribution_models"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "touchpoints" ADD CONSTRAINT "touchpoints_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_org_idx" ON "api_keys" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "connections_org_idx" ON "connections" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "sync_runs_org_created_idx" ON "sync_runs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "sync_runs_connection_idx" ON "sync_runs" USING btree ("connection_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_runs_one_active_idx" ON "sync_runs" USING btree ("connection_id") WHERE status in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "raw_records_key_idx" ON "raw_records" USING btree ("connection_id","stream","record_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ad_entities_key_idx" ON "ad_entities" USING btree ("org_id","platform","level","external_id");--> statement-breakpoint
CREATE INDEX "ad_entities_parent_idx" ON "ad_entities" USING btree ("org_id","platform","parent_external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "marketing_facts_key_idx" ON "marketing_facts" USING btree ("org_id","source","stream","date","account_id","campaign_id","ad_group_id","ad_id","breakdown_key");--> statement-breakpoint
CREATE INDEX "marketing_facts_org_date_idx" ON "marketing_facts" USING btree ("org_id","date","id");--> statement-breakpoint
CREATE INDEX "marketing_facts_org_platform_date_idx" ON "marketing_facts" USING btree ("org_id","platform","date");--> statement-breakpoint
CREATE INDEX "marketing_facts_org_campaign_idx" ON "marketing_facts" USING btree ("org_id","campaign_id","date");--> statement-breakpoint
CREATE INDEX "fx_rates_quote_date_idx" ON "fx_rates" USING btree ("quote","date");--> statement-breakpoint
CREATE UNIQUE INDEX "memory_items_ref_idx" ON "memory_items" USING btree ("org_id","ref_key");--> statement-breakpoint
CREATE INDEX "memory_items_org_kind_idx" ON "memory_items" USING btree ("org_id","kind");--> statement-breakpoint
CREATE INDEX "memory_items_tsv_idx" ON "memory_items" USING gin ("tsv") WITH (fastupdate=false);--> statement-breakpoint
CREATE INDEX "marketing_events_org_dates_idx" ON "marketing_events" USING btree ("org_id","start_date","end_date");--> statement-breakpoint
CREATE INDEX "import_batches_org_hash_idx" ON "import_batches" USING btree ("org_id","platform","file_hash");--> statement-breakpoint
CREATE INDEX "import_batches_org_created_idx" ON "import_batches" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "import_rejects_batch_idx" ON "import_rejects" USING btree ("batch_id","line");--> statement-breakpoint
CREATE INDEX "experiments_org_created_idx" ON "experiments" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "experiment_observations_key_idx" ON "experiment_observations" USING btree ("experiment_id","metric","kind","key");--> statement-breakpoint
CREATE INDEX "experiment_observations_org_idx" ON "experiment_observations" USING btree ("org_id","experiment_id");--> statement-breakpoint
CREATE INDEX "experiment_results_experiment_idx" ON "experiment_results" USING btree ("org_id","experiment_id","created_at");--> statement-breakpoint
CREATE INDEX "attribution_models_org_created_idx" ON "attribution_models" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "attribution_results_key_idx" ON "attribution_results" USING btree ("model_id","method","channel");--> statement-breakpoint
CREATE INDEX "attribution_results_org_idx" ON "attribution_results" USING btree ("org_id","model_id");--> statement-breakpoint
CREATE UNIQUE INDEX "touchpoints_key_idx" ON "touchpoints" USING btree ("org_id","journey_id","occurred_at","kind","channel");--> statement-breakpoint
CREATE INDEX "touchpoints_org_time_idx" ON "touchpoints" USING btree ("org_id","occurred_at");
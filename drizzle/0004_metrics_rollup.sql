CREATE TABLE "metrics_daily" (
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"breakdown_set" text NOT NULL,
	"date" date NOT NULL,
	"source" text NOT NULL,
	"platform" text NOT NULL,
	"level" text NOT NULL,
	"account_id" text NOT NULL,
	"campaign_id" text NOT NULL,
	"currency" text NOT NULL,
	"spend" numeric NOT NULL,
	"revenue" numeric NOT NULL,
	"impressions" bigint NOT NULL,
	"clicks" bigint NOT NULL,
	"conversions" numeric NOT NULL,
	"reach" bigint NOT NULL,
	"reach_count" integer NOT NULL,
	"video_views" bigint NOT NULL,
	"video_views_count" integer NOT NULL,
	"fact_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metrics_daily" ADD CONSTRAINT "metrics_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "metrics_daily_key_idx" ON "metrics_daily" USING btree ("org_id","kind","breakdown_set","date","source","platform","level","account_id","campaign_id","currency");--> statement-breakpoint
CREATE INDEX "metrics_daily_empty_idx" ON "metrics_daily" USING btree ("org_id") WHERE fact_count = 0;
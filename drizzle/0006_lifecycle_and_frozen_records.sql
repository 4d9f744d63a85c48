DROP INDEX `offer_request_provider_uq`;--> statement-breakpoint
ALTER TABLE `offers` ADD `superseded_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `offer_version_uq` ON `offers` (`request_id`,`provider_id`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `offer_current_uq` ON `offers` (`request_id`,`provider_id`) WHERE "offers"."superseded_at" IS NULL;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `provider_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `add_ons` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `conditions` text;--> statement-breakpoint
ALTER TABLE `awards` ADD `provider_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `awards` ADD `primary_need` text;--> statement-breakpoint
ALTER TABLE `awards` ADD `conditions` text;--> statement-breakpoint
ALTER TABLE `awards` ADD `approver_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `awards` ADD `decision_reason` text;
CREATE TABLE `council_areas` (
	`council_id` integer NOT NULL,
	`la_code` text NOT NULL,
	PRIMARY KEY(`council_id`, `la_code`),
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `synthetic_datasets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` text NOT NULL,
	`seed` integer NOT NULL,
	`councils` integer NOT NULL,
	`placements` integer NOT NULL,
	`offers` integer NOT NULL,
	`generator_version` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `councils` ADD `origin` text DEFAULT 'real' NOT NULL;--> statement-breakpoint
ALTER TABLE `providers` ADD `origin` text DEFAULT 'real' NOT NULL;--> statement-breakpoint
ALTER TABLE `placement_requests` ADD `synthetic` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `placement_request_submitted_idx` ON `placement_requests` (`council_id`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `placement_request_submitted_at_idx` ON `placement_requests` (`submitted_at`);--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `fee_benchmark` text;--> statement-breakpoint
CREATE INDEX `referral_response_idx` ON `referrals` (`request_id`,`provider_id`,`sent_at`,`responded_at`);--> statement-breakpoint
CREATE INDEX `offer_decline_idx` ON `offers` (`request_id`,`reply_id`) WHERE "offers"."can_meet_needs" = 0 AND "offers"."withdrawn" = 0 AND "offers"."superseded_at" IS NULL;--> statement-breakpoint
CREATE INDEX `provider_reply_first_idx` ON `provider_replies` (`request_id`,`kind`,`created_at`);--> statement-breakpoint
CREATE INDEX `award_lot_created_idx` ON `awards` (`lot`,`created_at`);
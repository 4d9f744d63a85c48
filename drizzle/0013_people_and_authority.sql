CREATE TABLE `approval_covers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`delegator_staff_id` integer NOT NULL,
	`delegate_staff_id` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`limit_pounds` integer,
	`created_at` text NOT NULL,
	`ended_at` text,
	`ended_by_staff_id` integer,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegator_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`delegate_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approval_cover_delegate_idx` ON `approval_covers` (`council_id`,`delegate_staff_id`);--> statement-breakpoint
CREATE INDEX `approval_cover_delegator_idx` ON `approval_covers` (`council_id`,`delegator_staff_id`);--> statement-breakpoint
CREATE TABLE `approval_escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`proposal_id` integer NOT NULL,
	`stage` text NOT NULL,
	`recipient_staff_ids` text NOT NULL,
	`working_days_waited` integer NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`proposal_id`) REFERENCES `award_proposals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_escalation_uq` ON `approval_escalations` (`proposal_id`,`stage`);--> statement-breakpoint
ALTER TABLE `councils` ADD `approval_reminder_working_days` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `councils` ADD `approval_escalation_working_days` integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE `staff` ADD `deactivated_at` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `deactivated_by_staff_id` integer;--> statement-breakpoint
ALTER TABLE `staff` ADD `deactivation_reason` text;--> statement-breakpoint
ALTER TABLE `staff` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `decision_cover_id` integer;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `decision_covering_for_staff_id` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `decision_covering_for_name` text;--> statement-breakpoint
ALTER TABLE `award_proposals` ADD `decision_cover_ends_on` text;--> statement-breakpoint
ALTER TABLE `awards` ADD `cover_id` integer;--> statement-breakpoint
ALTER TABLE `awards` ADD `covering_for_staff_id` integer REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `awards` ADD `covering_for_name` text;--> statement-breakpoint
ALTER TABLE `awards` ADD `cover_ends_on` text;
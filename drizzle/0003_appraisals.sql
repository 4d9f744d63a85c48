CREATE TABLE `appraisal_options` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`appraisal_id` integer NOT NULL,
	`route` text NOT NULL,
	`values` text NOT NULL,
	`total_pence` integer NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appraisal_id`) REFERENCES `appraisals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appraisal_option_route_uq` ON `appraisal_options` (`appraisal_id`,`route`);--> statement-breakpoint
CREATE TABLE `appraisals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`revision_reason` text,
	`status` text DEFAULT 'in_progress' NOT NULL,
	`position` text NOT NULL,
	`preference` text,
	`entered` text NOT NULL,
	`recommendation` text,
	`confirmed_route` text,
	`confirmed_by_staff_id` integer,
	`confirmed_role` text,
	`confirmed_at` text,
	`confirmation_reason` text,
	`overrides_recommendation` integer,
	`confirmation_requested_at` text,
	`created_by_staff_id` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `placement_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appraisal_revision_uq` ON `appraisals` (`request_id`,`revision`);--> statement-breakpoint
CREATE INDEX `appraisal_council_idx` ON `appraisals` (`council_id`);--> statement-breakpoint
ALTER TABLE `placement_requests` ADD `chosen_route` text;--> statement-breakpoint
ALTER TABLE `placement_requests` ADD `closed_reason` text;--> statement-breakpoint
ALTER TABLE `placement_requests` ADD `closed_at` text;--> statement-breakpoint
ALTER TABLE `placement_requests` ADD `annual_cost_pence` integer;
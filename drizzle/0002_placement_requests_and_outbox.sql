CREATE TABLE `placement_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`reference` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`caseworker_staff_id` integer NOT NULL,
	`position` text DEFAULT 'child' NOT NULL,
	`draft` text NOT NULL,
	`entered` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`lot` integer,
	`primary_need` text,
	`required_start_date` text,
	`submitted_at` text,
	`submitted_by_staff_id` integer,
	`approval_thread_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`caseworker_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `placement_request_reference_uq` ON `placement_requests` (`council_id`,`reference`);--> statement-breakpoint
CREATE INDEX `placement_request_caseworker_idx` ON `placement_requests` (`council_id`,`caseworker_staff_id`);--> statement-breakpoint
CREATE TABLE `request_reference_counters` (
	`council_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_sequence` integer NOT NULL,
	PRIMARY KEY(`council_id`, `year`),
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`kind` text NOT NULL,
	`dedup_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`result` text,
	`created_at` text NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedup_key_unique` ON `outbox` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);
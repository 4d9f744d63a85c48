CREATE TABLE `bot_registrations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`app_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`secret_source` text NOT NULL,
	`secret_ref` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bot_registrations_council_id_unique` ON `bot_registrations` (`council_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `bot_registrations_app_id_unique` ON `bot_registrations` (`app_id`);--> statement-breakpoint
ALTER TABLE `councils` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `councils` ADD `removed_at` text;
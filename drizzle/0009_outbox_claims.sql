ALTER TABLE `outbox` ADD `last_error_transient` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `outbox` ADD `give_up_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `message_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `sequence_key` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claim_expires_at` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `interrupted_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_sequence_idx` ON `outbox` (`sequence_key`,`status`);
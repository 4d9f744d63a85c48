CREATE TABLE `referrals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`shortlist_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_name` text,
	`status` text DEFAULT 'queued' NOT NULL,
	`message_id` text NOT NULL,
	`sent_at` text,
	`reminder_queued_at` text,
	`reminder_sent_at` text,
	`responded_at` text,
	`auto_reply_at` text,
	`last_error` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `placement_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`shortlist_id`) REFERENCES `shortlists`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referrals_message_id_unique` ON `referrals` (`message_id`);--> statement-breakpoint
CREATE INDEX `referral_request_idx` ON `referrals` (`council_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `referral_provider_idx` ON `referrals` (`provider_id`);--> statement-breakpoint
CREATE TABLE `shortlists` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`entries` text NOT NULL,
	`response_deadline` text NOT NULL,
	`price_weight` integer NOT NULL,
	`quality_weight` integer NOT NULL,
	`created_by_staff_id` integer NOT NULL,
	`sent_by_staff_id` integer,
	`sent_at` text,
	`deadline_notice_for` text,
	`closed_at` text,
	`closed_by_staff_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `placement_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sent_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shortlist_request_uq` ON `shortlists` (`request_id`);--> statement-breakpoint
CREATE TABLE `inbound_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`mailbox` text NOT NULL,
	`uid_validity` integer,
	`uid` integer,
	`raw` blob NOT NULL,
	`size_bytes` integer NOT NULL,
	`from_address` text,
	`to_addresses` text NOT NULL,
	`subject` text,
	`message_id_header` text,
	`in_reply_to` text,
	`references` text NOT NULL,
	`received_at` text NOT NULL,
	`status` text DEFAULT 'stored' NOT NULL,
	`council_id` integer,
	`referral_id` integer,
	`route_method` text,
	`problem` text,
	`handled_by_staff_id` integer,
	`handled_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`handled_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_sha256_unique` ON `inbound_messages` (`sha256`);--> statement-breakpoint
CREATE INDEX `inbound_status_idx` ON `inbound_messages` (`status`);--> statement-breakpoint
CREATE INDEX `inbound_council_idx` ON `inbound_messages` (`council_id`);--> statement-breakpoint
CREATE TABLE `mailbox_cursors` (
	`mailbox` text PRIMARY KEY NOT NULL,
	`uid_validity` integer NOT NULL,
	`last_uid` integer NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mailbox_leases` (
	`mailbox` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`reply_id` integer NOT NULL,
	`can_meet_needs` integer NOT NULL,
	`weekly_fee_pence` integer NOT NULL,
	`weeks_per_year` integer NOT NULL,
	`add_ons_weekly_pence` integer DEFAULT 0 NOT NULL,
	`add_ons` text NOT NULL,
	`start_date` text,
	`conditions` text,
	`confirmed_by_staff_id` integer NOT NULL,
	`confirmed_at` text NOT NULL,
	`corrected` integer NOT NULL,
	`quality_mark` integer,
	`quality_reason` text,
	`quality_marked_by_staff_id` integer,
	`withdrawn` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `placement_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reply_id`) REFERENCES `provider_replies`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`confirmed_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`quality_marked_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offer_request_provider_uq` ON `offers` (`request_id`,`provider_id`);--> statement-breakpoint
CREATE TABLE `provider_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`referral_id` integer NOT NULL,
	`provider_id` text NOT NULL,
	`inbound_message_id` integer NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`extracted` text NOT NULL,
	`confidence_pct` integer NOT NULL,
	`reply_text` text NOT NULL,
	`attachments` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `placement_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`referral_id`) REFERENCES `referrals`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inbound_message_id`) REFERENCES `inbound_messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_reply_message_uq` ON `provider_replies` (`inbound_message_id`);--> statement-breakpoint
CREATE INDEX `provider_reply_request_idx` ON `provider_replies` (`council_id`,`request_id`);
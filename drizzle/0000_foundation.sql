CREATE TABLE `councils` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `councils_code_unique` ON `councils` (`code`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`aad_object_id` text NOT NULL,
	`tenant_id` text NOT NULL,
	`roles` text NOT NULL,
	`approval_limit` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_identity_uq` ON `staff` (`aad_object_id`,`tenant_id`);--> statement-breakpoint
CREATE INDEX `staff_council_idx` ON `staff` (`council_id`);--> statement-breakpoint
CREATE TABLE `provider_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text,
	`email` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `provider_contact_uq` ON `provider_contacts` (`provider_id`,`email`);--> statement-breakpoint
CREATE TABLE `provider_email_domains` (
	`provider_id` text NOT NULL,
	`domain` text NOT NULL,
	PRIMARY KEY(`provider_id`, `domain`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `provider_lots` (
	`provider_id` text NOT NULL,
	`lot` integer NOT NULL,
	PRIMARY KEY(`provider_id`, `lot`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `provider_needs` (
	`provider_id` text NOT NULL,
	`need_code` text NOT NULL,
	PRIMARY KEY(`provider_id`, `need_code`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `providers` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`provider_type` text NOT NULL,
	`age_from` integer NOT NULL,
	`age_to` integer NOT NULL,
	`sex` text NOT NULL,
	`ofsted_urn` text,
	`ofsted_grade` text,
	`inspection_date` text,
	`postcode` text NOT NULL,
	`host_authority` text NOT NULL,
	`vacancies` integer DEFAULT 0 NOT NULL,
	`weekly_fee_from_pence` integer,
	`weekly_fee_to_pence` integer,
	`status` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `conversation_references` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`council_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`staff_id` integer,
	`conversation_id` text NOT NULL,
	`owner_key` text NOT NULL,
	`reference` text NOT NULL,
	`registered_by_staff_id` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`council_id`) REFERENCES `councils`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_ref_uq` ON `conversation_references` (`purpose`,`owner_key`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`council_id` integer,
	`actor_staff_id` integer,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`details` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audit_log_hash_unique` ON `audit_log` (`hash`);--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_council_idx` ON `audit_log` (`council_id`);
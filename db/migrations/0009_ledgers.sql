CREATE TABLE `ledger_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`kind` text NOT NULL,
	`entry_key` text NOT NULL,
	`version` integer NOT NULL,
	`supersedes_id` text,
	`reason` text,
	`subject` text,
	`data` text NOT NULL,
	`derived` text,
	`event_at` integer NOT NULL,
	`day` text NOT NULL,
	`entered_at` integer NOT NULL,
	`entered_by` text NOT NULL,
	`late` integer NOT NULL,
	`flagged` integer DEFAULT false NOT NULL,
	`idempotency_key` text NOT NULL,
	`seq` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`entered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_chain_idx` ON `ledger_entries` (`canteen_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_entries_idem_idx` ON `ledger_entries` (`canteen_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `ledger_entries_day_idx` ON `ledger_entries` (`canteen_id`,`day`,`kind`);--> statement-breakpoint
CREATE INDEX `ledger_entries_kind_day_idx` ON `ledger_entries` (`kind`,`day`);--> statement-breakpoint
CREATE INDEX `ledger_entries_supersedes_idx` ON `ledger_entries` (`supersedes_id`);--> statement-breakpoint
CREATE INDEX `ledger_entries_key_idx` ON `ledger_entries` (`entry_key`,`version`);--> statement-breakpoint
CREATE TABLE `ledger_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`entry_id` text NOT NULL,
	`seq` integer NOT NULL,
	`media_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	FOREIGN KEY (`entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_photos_entry_idx` ON `ledger_photos` (`entry_id`,`seq`);--> statement-breakpoint
CREATE TABLE `ledger_reviews` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`type` text NOT NULL,
	`day` text NOT NULL,
	`reviewer_id` text NOT NULL,
	`at` integer NOT NULL,
	`note` text,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewer_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_reviews_canteen_idx` ON `ledger_reviews` (`canteen_id`,`day`);--> statement-breakpoint
CREATE TABLE `ledger_settings` (
	`canteen_id` text PRIMARY KEY NOT NULL,
	`meals` text NOT NULL,
	`backdate_days` integer NOT NULL,
	`cadences` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `staff_members` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`name` text NOT NULL,
	`position` text NOT NULL,
	`certificate_no` text NOT NULL,
	`certificate_issued_on` text NOT NULL,
	`certificate_expires_on` text NOT NULL,
	`photo_key` text,
	`photo_sha256` text,
	`photo_type` text,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_members_canteen_idx` ON `staff_members` (`canteen_id`,`active`);
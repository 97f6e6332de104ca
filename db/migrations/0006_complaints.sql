CREATE TABLE `canteen_disclosures` (
	`canteen_id` text PRIMARY KEY NOT NULL,
	`license_valid_until` text,
	`live_from` text,
	`live_to` text,
	`viewer_cap` integer DEFAULT 50 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `canteen_ratings` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`stars` integer NOT NULL,
	`comment` text,
	`source_hash` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `canteen_ratings_canteen_idx` ON `canteen_ratings` (`canteen_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `canteen_ratings_source_idx` ON `canteen_ratings` (`source_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `complaint_events` (
	`id` text PRIMARY KEY NOT NULL,
	`complaint_id` text NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`note` text,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaint_events_idx` ON `complaint_events` (`complaint_id`,`at`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`canteen_id` text NOT NULL,
	`org_id` text NOT NULL,
	`category` text NOT NULL,
	`text` text NOT NULL,
	`phone` text,
	`photo_key` text,
	`photo_sha256` text,
	`photo_content_type` text,
	`source_hash` text,
	`status` text NOT NULL,
	`answer` text,
	`answered_at` integer,
	`deadline_at` integer NOT NULL,
	`escalated` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_code_idx` ON `complaints` (`code`);--> statement-breakpoint
CREATE INDEX `complaints_org_idx` ON `complaints` (`org_id`,`status`,`deadline_at`);--> statement-breakpoint
CREATE INDEX `complaints_canteen_idx` ON `complaints` (`canteen_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `complaints_source_idx` ON `complaints` (`source_hash`,`created_at`);
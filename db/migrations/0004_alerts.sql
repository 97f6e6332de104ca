CREATE TABLE `alert_events` (
	`id` text PRIMARY KEY NOT NULL,
	`alert_id` text NOT NULL,
	`action` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`note` text,
	`photo_key` text,
	`photo_sha256` text,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `alert_events_alert_idx` ON `alert_events` (`alert_id`,`at`);--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`canteen_id` text NOT NULL,
	`org_id` text NOT NULL,
	`type` text NOT NULL,
	`confidence` real NOT NULL,
	`boxes` text NOT NULL,
	`snapshot_key` text,
	`snapshot_sha256` text,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`fp_proposed` integer DEFAULT false NOT NULL,
	`deadline_at` integer NOT NULL,
	`escalated_at` integer,
	`idempotency_key` text NOT NULL,
	`closed_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_idempotency_idx` ON `alerts` (`gateway_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `alerts_org_time_idx` ON `alerts` (`org_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `alerts_updated_idx` ON `alerts` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_camera_type_idx` ON `alerts` (`camera_id`,`type`,`status`);--> statement-breakpoint
CREATE INDEX `alerts_open_deadline_idx` ON `alerts` (`status`,`deadline_at`);--> statement-breakpoint
ALTER TABLE `areas` ADD `detection` text;--> statement-breakpoint
ALTER TABLE `cameras` ADD `detection` text;
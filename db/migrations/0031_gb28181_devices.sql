CREATE TABLE `gb28181_devices` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`device_id` text NOT NULL,
	`name` text NOT NULL,
	`password` text NOT NULL,
	`status` text DEFAULT 'unknown' NOT NULL,
	`status_reason` text,
	`last_seen_at` integer,
	`channels` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gb28181_devices_device_idx` ON `gb28181_devices` (`device_id`);--> statement-breakpoint
CREATE INDEX `gb28181_devices_canteen_idx` ON `gb28181_devices` (`canteen_id`);
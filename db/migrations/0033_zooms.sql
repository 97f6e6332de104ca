CREATE TABLE `zooms` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`inspection_id` text,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`source_width` integer NOT NULL,
	`source_height` integer NOT NULL,
	`crop_x` integer NOT NULL,
	`crop_y` integer NOT NULL,
	`crop_width` integer NOT NULL,
	`crop_height` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`error` text,
	`done_at` integer,
	`media_key` text,
	`sha256` text,
	`bytes` integer,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `zooms_camera_idx` ON `zooms` (`camera_id`,`requested_at`);
CREATE TABLE `ptz_controls` (
	`camera_id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`holder_id` text,
	`holder_name` text,
	`holder_rank` text,
	`since` integer,
	`expires_at` integer,
	`presets` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);

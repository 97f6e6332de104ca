CREATE TABLE `recording_playbacks` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`started_by` text NOT NULL,
	`at` integer NOT NULL,
	`position` integer NOT NULL,
	`since` integer NOT NULL,
	`speed` integer DEFAULT 1 NOT NULL,
	`paused` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_playbacks_gateway_idx` ON `recording_playbacks` (`gateway_id`,`ended_at`);
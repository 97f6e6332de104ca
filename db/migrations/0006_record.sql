CREATE TABLE `recording_anchors` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	`end_at` integer NOT NULL,
	`taken_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recording_anchors_camera_seq_idx` ON `recording_anchors` (`camera_id`,`seq`);--> statement-breakpoint
CREATE TABLE `recording_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`seq` integer NOT NULL,
	`from_seq` integer NOT NULL,
	`to_seq` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`answered_at` integer,
	`outcome` text DEFAULT 'pending' NOT NULL,
	`detail` text,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_challenges_gateway_idx` ON `recording_challenges` (`gateway_id`,`outcome`);--> statement-breakpoint
CREATE TABLE `recording_days` (
	`camera_id` text NOT NULL,
	`day` text NOT NULL,
	`recorded_ms` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`camera_id`, `day`),
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `recording_gaps` (
	`camera_id` text NOT NULL,
	`seq` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`camera_id`, `seq`),
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_gaps_time_idx` ON `recording_gaps` (`camera_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `recording_sources` (
	`camera_id` text PRIMARY KEY NOT NULL,
	`codec` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);

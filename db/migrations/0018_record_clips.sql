CREATE TABLE `recording_clip_attachments` (
	`clip_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`attached_by` text,
	`attached_at` integer NOT NULL,
	PRIMARY KEY(`clip_id`, `target_type`, `target_id`),
	FOREIGN KEY (`clip_id`) REFERENCES `recording_clips`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_clip_attachments_target_idx` ON `recording_clip_attachments` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `recording_clips` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`origin` text NOT NULL,
	`requested_by` text,
	`requested_at` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`failure` text,
	`clip_start_at` integer,
	`clip_end_at` integer,
	`media_key` text,
	`sha256` text,
	`bytes` integer,
	`sources` text,
	`links` text,
	`from_seq` integer,
	`to_seq` integer,
	`ready_at` integer,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recording_clips_camera_idx` ON `recording_clips` (`camera_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `recording_clips_gateway_idx` ON `recording_clips` (`gateway_id`,`status`);--> statement-breakpoint
ALTER TABLE `inspections` ADD `reviewed_at` integer;
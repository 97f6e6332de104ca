CREATE TABLE `viewing_frames` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`taken_at` integer NOT NULL,
	`media_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `viewing_frames_session_idx` ON `viewing_frames` (`session_id`,`user_id`);--> statement-breakpoint
ALTER TABLE `viewing_evaluations` ADD `frame_id` text REFERENCES viewing_frames(id);
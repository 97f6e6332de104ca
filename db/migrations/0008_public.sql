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
CREATE INDEX `complaints_source_idx` ON `complaints` (`source_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `public_live_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`source_hash` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `public_live_tokens_idx` ON `public_live_tokens` (`canteen_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `public_live_tokens_source_idx` ON `public_live_tokens` (`source_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `committee_members` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`grade` text NOT NULL,
	`term` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `committee_members_org_idx` ON `committee_members` (`org_id`,`ended_at`);--> statement-breakpoint
CREATE INDEX `committee_members_user_idx` ON `committee_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `viewing_attendance` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`participant_sid` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `viewing_attendance_sid_idx` ON `viewing_attendance` (`session_id`,`participant_sid`);--> statement-breakpoint
CREATE INDEX `viewing_attendance_user_idx` ON `viewing_attendance` (`session_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `viewing_evaluations` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`hygiene` integer NOT NULL,
	`operations` integer NOT NULL,
	`food` integer NOT NULL,
	`comment` text,
	`problems` text,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `viewing_evaluations_idx` ON `viewing_evaluations` (`session_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `viewing_invitees` (
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`reminded_at` integer,
	`hand_raised_at` integer,
	`mic_open` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`session_id`, `user_id`),
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `viewing_invitees_user_idx` ON `viewing_invitees` (`user_id`);--> statement-breakpoint
CREATE TABLE `viewing_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`asker_id` text NOT NULL,
	`text` text NOT NULL,
	`status` text NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`asker_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `viewing_questions_session_idx` ON `viewing_questions` (`session_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `viewing_session_cameras` (
	`session_id` text NOT NULL,
	`camera_id` text NOT NULL,
	PRIMARY KEY(`session_id`, `camera_id`),
	FOREIGN KEY (`session_id`) REFERENCES `viewing_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `viewing_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`org_id` text NOT NULL,
	`title` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`host_id` text NOT NULL,
	`status` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`host_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `viewing_sessions_canteen_idx` ON `viewing_sessions` (`canteen_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `viewing_sessions_org_idx` ON `viewing_sessions` (`org_id`,`starts_at`);
CREATE TABLE `patrol_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`plan_id` text NOT NULL,
	`district` text NOT NULL,
	`day` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `patrol_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patrol_notices_day_idx` ON `patrol_notices` (`plan_id`,`district`,`day`);--> statement-breakpoint
CREATE INDEX `patrol_notices_district_idx` ON `patrol_notices` (`district`,`created_at`);--> statement-breakpoint
CREATE TABLE `field_task_events` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`note` text,
	FOREIGN KEY (`task_id`) REFERENCES `field_tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `field_task_events_idx` ON `field_task_events` (`task_id`,`at`);--> statement-breakpoint
CREATE TABLE `field_task_inspectors` (
	`task_id` text NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `field_tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `field_task_inspectors_idx` ON `field_task_inspectors` (`task_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `field_task_inspectors_user_idx` ON `field_task_inspectors` (`user_id`);--> statement-breakpoint
CREATE TABLE `field_task_photos` (
	`id` text PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`event_id` text NOT NULL,
	`media_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`captured_at` integer NOT NULL,
	`latitude` real,
	`longitude` real,
	`accuracy_m` real,
	`taken_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `field_tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `field_task_events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`taken_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `field_task_photos_idx` ON `field_task_photos` (`task_id`,`captured_at`);--> statement-breakpoint
CREATE TABLE `field_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`org_id` text NOT NULL,
	`source_kind` text NOT NULL,
	`source_id` text NOT NULL,
	`title` text NOT NULL,
	`instructions` text,
	`evidence` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`checklist` text,
	`inspection_id` text,
	`due_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`completed_by` text,
	`completed_at` integer,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `field_tasks_org_idx` ON `field_tasks` (`org_id`,`status`,`due_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `field_tasks_source_idx` ON `field_tasks` (`source_kind`,`source_id`) WHERE status <> 'cancelled';
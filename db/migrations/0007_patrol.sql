CREATE TABLE `patrol_draws` (
	`id` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`public_value_source` text NOT NULL,
	`public_value` text,
	`input` text NOT NULL,
	`risk` text NOT NULL,
	`commitment` text NOT NULL,
	`secret` text NOT NULL,
	`secret_hash` text NOT NULL,
	`seed` text,
	`result` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`committed_at` integer,
	`revealed_at` integer,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `patrol_draws_region_idx` ON `patrol_draws` (`region_code`,`created_at`);--> statement-breakpoint
CREATE TABLE `patrol_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`year` integer NOT NULL,
	`name` text NOT NULL,
	`semesters` text NOT NULL,
	`monthly_quotas` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patrol_plans_region_year_idx` ON `patrol_plans` (`region_code`,`year`);--> statement-breakpoint
CREATE TABLE `spot_check_inspectors` (
	`spot_check_id` text NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`spot_check_id`) REFERENCES `spot_checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spot_check_inspectors_idx` ON `spot_check_inspectors` (`spot_check_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `spot_check_inspectors_user_idx` ON `spot_check_inspectors` (`user_id`);--> statement-breakpoint
CREATE TABLE `spot_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`draw_id` text NOT NULL,
	`canteen_id` text NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`inspection_id` text,
	`note` text,
	`completed_by` text,
	`completed_at` integer,
	FOREIGN KEY (`draw_id`) REFERENCES `patrol_draws`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`completed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `spot_checks_draw_canteen_idx` ON `spot_checks` (`draw_id`,`canteen_id`);--> statement-breakpoint
CREATE INDEX `spot_checks_canteen_idx` ON `spot_checks` (`canteen_id`);--> statement-breakpoint
CREATE INDEX `inspections_canteen_ended_idx` ON `inspections` (`canteen_id`,`status`,`ended_at`);
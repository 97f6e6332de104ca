CREATE TABLE `inspection_participants` (
	`id` text PRIMARY KEY NOT NULL,
	`inspection_id` text NOT NULL,
	`identity` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspection_participants_idx` ON `inspection_participants` (`inspection_id`,`identity`);--> statement-breakpoint
CREATE TABLE `inspections` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`canteen_id` text NOT NULL,
	`room` text NOT NULL,
	`status` text NOT NULL,
	`started_by` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`result` text,
	`outcome` text,
	`checklist` text,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inspections_canteen_idx` ON `inspections` (`canteen_id`,`status`);
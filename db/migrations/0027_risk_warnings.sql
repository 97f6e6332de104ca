CREATE TABLE `risk_days` (
	`canteen_id` text NOT NULL,
	`day` text NOT NULL,
	`score` integer NOT NULL,
	`grade` text NOT NULL,
	PRIMARY KEY(`canteen_id`, `day`),
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `risk_days_day_idx` ON `risk_days` (`day`);--> statement-breakpoint
CREATE TABLE `risk_warnings` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`district` text NOT NULL,
	`score` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`acted_at` integer,
	`acted_by` text,
	`cleared_at` integer,
	`flagged_at` integer,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`district`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `risk_warnings_open_idx` ON `risk_warnings` (`canteen_id`) WHERE acted_at is null and cleared_at is null;--> statement-breakpoint
CREATE INDEX `risk_warnings_district_idx` ON `risk_warnings` (`district`,`opened_at`);
CREATE TABLE `overview_reports` (
	`region_code` text NOT NULL,
	`month` text NOT NULL,
	`edition` text NOT NULL,
	`generated_at` integer NOT NULL,
	`ranking` text NOT NULL,
	PRIMARY KEY(`region_code`, `month`, `edition`),
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `overview_snapshots` (
	`region_code` text PRIMARY KEY NOT NULL,
	`month` text NOT NULL,
	`from_day` text NOT NULL,
	`to_day` text NOT NULL,
	`computed_at` integer NOT NULL,
	`overview` text NOT NULL,
	`ranking` text NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);

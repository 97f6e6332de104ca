CREATE TABLE `map_snapshots` (
	`region_code` text PRIMARY KEY NOT NULL,
	`computed_at` integer NOT NULL,
	`body` text NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `orgs` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `orgs` ADD `longitude` real;
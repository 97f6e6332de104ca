CREATE TABLE `ledger_day_rollups` (
	`canteen_id` text NOT NULL,
	`day` text NOT NULL,
	`done` integer NOT NULL,
	`periodic` text,
	`flagged` integer NOT NULL,
	`entries` integer NOT NULL,
	PRIMARY KEY(`canteen_id`, `day`),
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ledger_day_rollups_cover_idx` ON `ledger_day_rollups` (`canteen_id`,`day`,`done`,`flagged`,`periodic`);--> statement-breakpoint
DROP INDEX `ledger_entries_supersedes_idx`;--> statement-breakpoint
CREATE INDEX `ledger_entries_supersedes_idx` ON `ledger_entries` (`supersedes_id`) WHERE "ledger_entries"."supersedes_id" is not null;
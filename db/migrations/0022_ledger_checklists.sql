CREATE TABLE `ledger_checklists` (
	`id` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`kind` text NOT NULL,
	`version` integer NOT NULL,
	`items` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_checklists_version_idx` ON `ledger_checklists` (`region_code`,`kind`,`version`);
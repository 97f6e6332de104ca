CREATE TABLE `alert_occurrences` (
	`id` text PRIMARY KEY NOT NULL,
	`alert_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`confidence` real NOT NULL,
	`boxes` text NOT NULL,
	`snapshot_key` text NOT NULL,
	`snapshot_sha256` text NOT NULL,
	FOREIGN KEY (`alert_id`) REFERENCES `alerts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alert_occurrences_idempotency_idx` ON `alert_occurrences` (`gateway_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `alert_occurrences_alert_idx` ON `alert_occurrences` (`alert_id`,`occurred_at`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `occurrences` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `last_occurred_at` integer;
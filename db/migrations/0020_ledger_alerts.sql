PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`gateway_id` text,
	`camera_id` text,
	`ledger_entry_id` text,
	`canteen_id` text NOT NULL,
	`org_id` text NOT NULL,
	`type` text NOT NULL,
	`confidence` real NOT NULL,
	`boxes` text NOT NULL,
	`snapshot_key` text,
	`snapshot_sha256` text,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'new' NOT NULL,
	`fp_proposed` integer DEFAULT false NOT NULL,
	`deadline_at` integer NOT NULL,
	`escalated_at` integer,
	`idempotency_key` text NOT NULL,
	`closed_at` integer,
	`occurrences` integer DEFAULT 1 NOT NULL,
	`last_occurred_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_alerts`("id", "gateway_id", "camera_id", "ledger_entry_id", "canteen_id", "org_id", "type", "confidence", "boxes", "snapshot_key", "snapshot_sha256", "occurred_at", "received_at", "status", "fp_proposed", "deadline_at", "escalated_at", "idempotency_key", "closed_at", "occurrences", "last_occurred_at", "updated_at") SELECT "id", "gateway_id", "camera_id", NULL, "canteen_id", "org_id", "type", "confidence", "boxes", "snapshot_key", "snapshot_sha256", "occurred_at", "received_at", "status", "fp_proposed", "deadline_at", "escalated_at", "idempotency_key", "closed_at", "occurrences", "last_occurred_at", "updated_at" FROM `alerts`;--> statement-breakpoint
DROP TABLE `alerts`;--> statement-breakpoint
ALTER TABLE `__new_alerts` RENAME TO `alerts`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_idempotency_idx` ON `alerts` (`gateway_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `alerts_org_time_idx` ON `alerts` (`org_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `alerts_updated_idx` ON `alerts` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_time_idx` ON `alerts` (`occurred_at`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_camera_type_idx` ON `alerts` (`camera_id`,`type`,`status`);--> statement-breakpoint
CREATE INDEX `alerts_open_deadline_idx` ON `alerts` (`status`,`deadline_at`);
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`canteen_id` text NOT NULL,
	`inspection_id` text,
	`complaint_id` text,
	`issuer_org_id` text NOT NULL,
	`issued_by` text NOT NULL,
	`issued_at` integer NOT NULL,
	`deadline` integer NOT NULL,
	`remarks` text,
	`status` text NOT NULL,
	`overdue` integer DEFAULT false NOT NULL,
	`overdue_at` integer,
	`escalated_at` integer,
	`document_sha256` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`complaint_id`) REFERENCES `complaints`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issuer_org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_orders`("id", "number", "canteen_id", "inspection_id", "complaint_id", "issuer_org_id", "issued_by", "issued_at", "deadline", "remarks", "status", "overdue", "overdue_at", "escalated_at", "document_sha256", "updated_at") SELECT "id", "number", "canteen_id", "inspection_id", NULL, "issuer_org_id", "issued_by", "issued_at", "deadline", "remarks", "status", "overdue", "overdue_at", "escalated_at", "document_sha256", "updated_at" FROM `orders`;--> statement-breakpoint
DROP TABLE `orders`;--> statement-breakpoint
ALTER TABLE `__new_orders` RENAME TO `orders`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_idx` ON `orders` (`number`);--> statement-breakpoint
CREATE INDEX `orders_canteen_idx` ON `orders` (`canteen_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_status_deadline_idx` ON `orders` (`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `orders_inspection_idx` ON `orders` (`inspection_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_complaint_idx` ON `orders` (`complaint_id`);--> statement-breakpoint
ALTER TABLE `viewing_sessions` ADD `reminded_at` integer;
CREATE TABLE `annotations` (
	`id` text PRIMARY KEY NOT NULL,
	`snapshot_id` text NOT NULL,
	`author_id` text NOT NULL,
	`kind` text NOT NULL,
	`shape` text NOT NULL,
	`colour` text NOT NULL,
	`client_id` text,
	`version` integer NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`snapshot_id`) REFERENCES `snapshots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `annotations_snapshot_idx` ON `annotations` (`snapshot_id`,`version`);--> statement-breakpoint
CREATE TABLE `snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`camera_id` text NOT NULL,
	`inspection_id` text,
	`taken_by` text NOT NULL,
	`taken_at` integer NOT NULL,
	`media_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`annot_version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`inspection_id`) REFERENCES `inspections`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`taken_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `snapshots_canteen_idx` ON `snapshots` (`canteen_id`,`taken_at`);--> statement-breakpoint
CREATE INDEX `snapshots_inspection_idx` ON `snapshots` (`inspection_id`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`event_id` text NOT NULL,
	`seq` integer NOT NULL,
	`media_key` text NOT NULL,
	`sha256` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`description` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `order_events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_order_idx` ON `evidence` (`order_id`);--> statement-breakpoint
CREATE INDEX `evidence_event_idx` ON `evidence` (`event_id`);--> statement-breakpoint
CREATE TABLE `legal_bases` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`law` text NOT NULL,
	`article` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`sort` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `legal_bases_code_idx` ON `legal_bases` (`code`);--> statement-breakpoint
CREATE TABLE `order_events` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`type` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_id` text,
	`at` integer NOT NULL,
	`note` text,
	`notified` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_events_order_idx` ON `order_events` (`order_id`,`at`);--> statement-breakpoint
CREATE TABLE `order_item_snapshots` (
	`item_id` text NOT NULL,
	`snapshot_id` text NOT NULL,
	PRIMARY KEY(`item_id`, `snapshot_id`),
	FOREIGN KEY (`item_id`) REFERENCES `order_items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`snapshot_id`) REFERENCES `snapshots`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `order_items` (
	`id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`seq` integer NOT NULL,
	`problem` text NOT NULL,
	`severity` text NOT NULL,
	`legal_basis_id` text NOT NULL,
	`deadline` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`legal_basis_id`) REFERENCES `legal_bases`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `order_items_order_idx` ON `order_items` (`order_id`,`seq`);--> statement-breakpoint
CREATE TABLE `order_sequences` (
	`regulator_org_id` text NOT NULL,
	`year` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`regulator_org_id`, `year`),
	FOREIGN KEY (`regulator_org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`canteen_id` text NOT NULL,
	`inspection_id` text NOT NULL,
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
	FOREIGN KEY (`issuer_org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `orders_number_idx` ON `orders` (`number`);--> statement-breakpoint
CREATE INDEX `orders_canteen_idx` ON `orders` (`canteen_id`,`status`);--> statement-breakpoint
CREATE INDEX `orders_status_deadline_idx` ON `orders` (`status`,`deadline`);--> statement-breakpoint
CREATE INDEX `orders_inspection_idx` ON `orders` (`inspection_id`);
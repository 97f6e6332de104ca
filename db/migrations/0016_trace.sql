CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`supplier_id` text NOT NULL,
	`canteen_id` text NOT NULL,
	`delivered_at` integer NOT NULL,
	`day` text NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`received_by` text,
	`received_at` integer,
	FOREIGN KEY (`supplier_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`received_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deliveries_canteen_idx` ON `deliveries` (`canteen_id`,`day`);--> statement-breakpoint
CREATE INDEX `deliveries_supplier_idx` ON `deliveries` (`supplier_id`,`day`);--> statement-breakpoint
CREATE TABLE `delivery_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`delivery_id` text NOT NULL,
	`seq` integer NOT NULL,
	`product` text NOT NULL,
	`batch_no` text NOT NULL,
	`qty_milli` integer NOT NULL,
	`unit` text NOT NULL,
	`production_date` text NOT NULL,
	`shelf_life_days` integer NOT NULL,
	`expires_on` text NOT NULL,
	`origin` text NOT NULL,
	`origin_licence` text,
	`unit_price_fen` integer,
	`cert_key` text NOT NULL,
	`cert_sha256` text NOT NULL,
	`cert_type` text NOT NULL,
	`cert_bytes` integer NOT NULL,
	`status` text NOT NULL,
	`refuse_reason` text,
	`ledger_entry_id` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `deliveries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ledger_entry_id`) REFERENCES `ledger_entries`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `delivery_lines_delivery_idx` ON `delivery_lines` (`delivery_id`,`seq`);--> statement-breakpoint
CREATE INDEX `delivery_lines_batch_idx` ON `delivery_lines` (`batch_no`);--> statement-breakpoint
CREATE TABLE `menu_dishes` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`day` text NOT NULL,
	`meal` text NOT NULL,
	`seq` integer NOT NULL,
	`name` text NOT NULL,
	`students` integer NOT NULL,
	`tolerance_pct` integer NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `menu_dishes_canteen_day_idx` ON `menu_dishes` (`canteen_id`,`day`,`meal`);--> statement-breakpoint
CREATE TABLE `recipe_lines` (
	`dish_id` text NOT NULL,
	`product` text NOT NULL,
	`per_student_milli` integer NOT NULL,
	`unit` text NOT NULL,
	PRIMARY KEY(`dish_id`, `product`),
	FOREIGN KEY (`dish_id`) REFERENCES `menu_dishes`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `stock_moves` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`line_id` text NOT NULL,
	`product` text NOT NULL,
	`qty_milli` integer NOT NULL,
	`dish_id` text,
	`corrects_id` text,
	`reason` text,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`by_user` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`line_id`) REFERENCES `delivery_lines`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stock_moves_chain_idx` ON `stock_moves` (`canteen_id`,`seq`);--> statement-breakpoint
CREATE INDEX `stock_moves_line_idx` ON `stock_moves` (`line_id`);--> statement-breakpoint
CREATE INDEX `stock_moves_dish_idx` ON `stock_moves` (`dish_id`);--> statement-breakpoint
CREATE TABLE `supplier_canteens` (
	`supplier_id` text NOT NULL,
	`canteen_id` text NOT NULL,
	`committee_consulted` integer NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` integer NOT NULL,
	PRIMARY KEY(`supplier_id`, `canteen_id`),
	FOREIGN KEY (`supplier_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `supplier_canteens_canteen_idx` ON `supplier_canteens` (`canteen_id`);--> statement-breakpoint
CREATE TABLE `supplier_profiles` (
	`org_id` text PRIMARY KEY NOT NULL,
	`business_licence_no` text NOT NULL,
	`business_licence_expires_on` text NOT NULL,
	`food_licence_no` text NOT NULL,
	`food_licence_expires_on` text NOT NULL,
	`products` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trace_budgets` (
	`canteen_id` text PRIMARY KEY NOT NULL,
	`per_meal_fen` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `trace_warnings` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`kind` text NOT NULL,
	`day` text NOT NULL,
	`month` text NOT NULL,
	`ref_id` text NOT NULL,
	`detail` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `trace_warnings_canteen_idx` ON `trace_warnings` (`canteen_id`,`day`);--> statement-breakpoint
CREATE INDEX `trace_warnings_month_idx` ON `trace_warnings` (`month`,`canteen_id`,`kind`);
CREATE TABLE `sensor_cycles` (
	`id` text PRIMARY KEY NOT NULL,
	`sensor_id` text NOT NULL,
	`canteen_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`peak_c` real,
	`short` integer NOT NULL,
	`ledger_entry_id` text,
	FOREIGN KEY (`sensor_id`) REFERENCES `sensors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sensor_cycles_start_idx` ON `sensor_cycles` (`sensor_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `sensor_cycles_canteen_idx` ON `sensor_cycles` (`canteen_id`,`start_at`);--> statement-breakpoint
CREATE TABLE `sensor_hours` (
	`sensor_id` text NOT NULL,
	`hour` integer NOT NULL,
	`readings` integer NOT NULL,
	`t_count` integer DEFAULT 0 NOT NULL,
	`t_min` real,
	`t_max` real,
	`t_sum` real DEFAULT 0 NOT NULL,
	`h_count` integer DEFAULT 0 NOT NULL,
	`h_min` real,
	`h_max` real,
	`h_sum` real DEFAULT 0 NOT NULL,
	`on_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sensor_id`, `hour`),
	FOREIGN KEY (`sensor_id`) REFERENCES `sensors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sensor_readings` (
	`sensor_id` text NOT NULL,
	`at` integer NOT NULL,
	`temperature_c` real,
	`humidity_pct` real,
	`on` integer,
	PRIMARY KEY(`sensor_id`, `at`),
	FOREIGN KEY (`sensor_id`) REFERENCES `sensors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sensors` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`area_id` text NOT NULL,
	`camera_id` text,
	`gateway_id` text,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`topic` text NOT NULL,
	`thresholds` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`area_id`) REFERENCES `areas`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`camera_id`) REFERENCES `cameras`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sensors_canteen_idx` ON `sensors` (`canteen_id`);--> statement-breakpoint
CREATE INDEX `sensors_gateway_idx` ON `sensors` (`gateway_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `sensors_topic_idx` ON `sensors` (`canteen_id`,`topic`);--> statement-breakpoint
ALTER TABLE `alerts` ADD `sensor_id` text REFERENCES sensors(id);--> statement-breakpoint
CREATE INDEX `alerts_sensor_idx` ON `alerts` (`sensor_id`,`type`);
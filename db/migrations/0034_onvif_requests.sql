CREATE TABLE `onvif_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`canteen_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`kind` text NOT NULL,
	`xaddr` text,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`status` text NOT NULL,
	`result` text,
	`error_code` text,
	`error` text,
	`finished_at` integer,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `onvif_requests_gateway_idx` ON `onvif_requests` (`gateway_id`,`requested_at`);
ALTER TABLE `gateways` ADD `heartbeat_allowance` real;--> statement-breakpoint
ALTER TABLE `gateways` ADD `heartbeat_at` integer;
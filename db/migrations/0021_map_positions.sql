ALTER TABLE `orgs` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `orgs` ADD `longitude` real;
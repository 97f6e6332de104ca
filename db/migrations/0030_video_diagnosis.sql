ALTER TABLE `cameras` ADD `codec` text;--> statement-breakpoint
ALTER TABLE `cameras` ADD `source_width` integer;--> statement-breakpoint
ALTER TABLE `cameras` ADD `source_height` integer;--> statement-breakpoint
ALTER TABLE `cameras` ADD `reference_fingerprint` text;--> statement-breakpoint
ALTER TABLE `cameras` ADD `reference_approved_at` integer;--> statement-breakpoint
ALTER TABLE `cameras` ADD `reference_requested_at` integer;
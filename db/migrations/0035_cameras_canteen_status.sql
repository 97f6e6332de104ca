DROP INDEX `cameras_canteen_idx`;--> statement-breakpoint
CREATE INDEX `cameras_canteen_idx` ON `cameras` (`canteen_id`,`status`);
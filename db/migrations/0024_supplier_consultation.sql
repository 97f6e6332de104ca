ALTER TABLE `supplier_canteens` ADD `consulted_on` text;--> statement-breakpoint
ALTER TABLE `supplier_canteens` ADD `consultation_note` text;--> statement-breakpoint
ALTER TABLE `supplier_canteens` ADD `committee_size` integer;
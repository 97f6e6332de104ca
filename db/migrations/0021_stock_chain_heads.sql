CREATE TABLE `stock_chain_heads` (
	`canteen_id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`canteen_id`) REFERENCES `canteens`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- the heads of the chains already written: each canteen's newest move
INSERT INTO `stock_chain_heads` (`canteen_id`, `seq`, `hash`) SELECT m.`canteen_id`, m.`seq`, m.`hash` FROM `stock_moves` m WHERE m.`seq` = (SELECT max(x.`seq`) FROM `stock_moves` x WHERE x.`canteen_id` = m.`canteen_id`);

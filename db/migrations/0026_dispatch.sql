CREATE TABLE `dispatch_notices` (
	`id` text PRIMARY KEY NOT NULL,
	`region_code` text NOT NULL,
	`sender_org_id` text NOT NULL,
	`sender_id` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`urgency` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`region_code`) REFERENCES `regions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispatch_notices_region_idx` ON `dispatch_notices` (`region_code`,`created_at`);--> statement-breakpoint
CREATE TABLE `dispatch_reads` (
	`notice_id` text NOT NULL,
	`org_id` text NOT NULL,
	`user_id` text NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `org_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `dispatch_notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dispatch_recipients` (
	`notice_id` text NOT NULL,
	`org_id` text NOT NULL,
	PRIMARY KEY(`notice_id`, `org_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `dispatch_notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`org_id`) REFERENCES `orgs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dispatch_recipients_org_idx` ON `dispatch_recipients` (`org_id`,`notice_id`);
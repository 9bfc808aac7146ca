ALTER TABLE `tickets` ADD `category` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `dispute_reason` text;
ALTER TABLE `actuals` ADD `bill_source` text;--> statement-breakpoint
ALTER TABLE `services` ADD `service_type` text;
CREATE TABLE `bill_import_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`profile_id` text NOT NULL,
	`file_name` text NOT NULL,
	`month` text,
	`actor` text NOT NULL,
	`status` text NOT NULL,
	`bills_total` integer NOT NULL,
	`bills_done` integer DEFAULT 0 NOT NULL,
	`pending_json` text DEFAULT '[]' NOT NULL,
	`summary_json` text DEFAULT '{}' NOT NULL,
	`problems_json` text DEFAULT '[]' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bill_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`bill_id` text NOT NULL,
	`line_key` text NOT NULL,
	`description` text,
	`amount_cents` integer NOT NULL,
	`service_id` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`bill_id`) REFERENCES `bills`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bill_lines_bill` ON `bill_lines` (`bill_id`);--> statement-breakpoint
CREATE INDEX `bill_lines_service` ON `bill_lines` (`service_id`);--> statement-breakpoint
CREATE TABLE `bill_profiles` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`format` text NOT NULL,
	`carrier_name` text,
	`delimiter` text,
	`locale` text DEFAULT 'en-US' NOT NULL,
	`date_format` text DEFAULT 'YMD' NOT NULL,
	`header_row` integer DEFAULT 1 NOT NULL,
	`sheet` text,
	`currency` text,
	`config_json` text DEFAULT '{}' NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `bills` (
	`id` text PRIMARY KEY NOT NULL,
	`carrier_id` text NOT NULL,
	`billing_account_id` text NOT NULL,
	`month` text NOT NULL,
	`invoice_number` text,
	`bill_date` text,
	`period_start` text,
	`period_end` text,
	`total_cents` integer NOT NULL,
	`currency` text,
	`lines_cents` integer,
	`line_count` integer DEFAULT 0 NOT NULL,
	`duplicate_of` text,
	`duplicate_reason` text,
	`run_id` text,
	`profile_id` text,
	`file_name` text,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`carrier_id`) REFERENCES `carriers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`billing_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bills_account_month` ON `bills` (`billing_account_id`,`month`);--> statement-breakpoint
CREATE INDEX `bills_account_invoice` ON `bills` (`billing_account_id`,`invoice_number`);--> statement-breakpoint
CREATE INDEX `bills_month` ON `bills` (`month`);--> statement-breakpoint
CREATE TABLE `contract_accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL,
	`billing_account_id` text NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`contract_id`) REFERENCES `contracts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`billing_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contract_accounts_account` ON `contract_accounts` (`billing_account_id`);--> statement-breakpoint
CREATE INDEX `contract_accounts_contract` ON `contract_accounts` (`contract_id`);--> statement-breakpoint
CREATE TABLE `expected_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`billing_account_id` text NOT NULL,
	`from_month` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`note` text,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`billing_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `expected_steps_account` ON `expected_steps` (`billing_account_id`,`from_month`);--> statement-breakpoint
CREATE TABLE `import_mappings` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`layout_key` text NOT NULL,
	`map_json` text NOT NULL,
	`locale` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `import_mappings_kind_layout` ON `import_mappings` (`kind`,`layout_key`);--> statement-breakpoint
CREATE TABLE `lookups` (
	`id` text PRIMARY KEY NOT NULL,
	`list` text NOT NULL,
	`code` text NOT NULL,
	`label` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lookups_list_code` ON `lookups` (`list`,`code`);--> statement-breakpoint
CREATE TABLE `news` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`starts_on` text,
	`ends_on` text,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `security_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`module` text NOT NULL,
	`name` text NOT NULL,
	`permissions_json` text DEFAULT '[]' NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`door` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`id` text PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`value_json` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settings_key_unique` ON `settings` (`key`);--> statement-breakpoint
CREATE TABLE `sync_aliases` (
	`table_name` text NOT NULL,
	`from_id` text NOT NULL,
	`to_id` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_aliases_from` ON `sync_aliases` (`table_name`,`from_id`);--> statement-breakpoint
CREATE INDEX `sync_aliases_to` ON `sync_aliases` (`table_name`,`to_id`);--> statement-breakpoint
CREATE TABLE `sync_changes` (
	`audit_seq` integer PRIMARY KEY NOT NULL,
	`hlc` text NOT NULL,
	`node` text NOT NULL,
	`outcome` text,
	`detail` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_changes_id` ON `sync_changes` (`hlc`,`node`);--> statement-breakpoint
CREATE TABLE `sync_nodes` (
	`node` text PRIMARY KEY NOT NULL,
	`acked_through` integer NOT NULL,
	`actor` text NOT NULL,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ticket_attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`file_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`added_by` text NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_attachments_ticket` ON `ticket_attachments` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `udf_defs` (
	`id` text PRIMARY KEY NOT NULL,
	`entity` text NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options_json` text DEFAULT '[]' NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `udf_defs_entity_key` ON `udf_defs` (`entity`,`key`);--> statement-breakpoint
CREATE TABLE `udf_values` (
	`id` text PRIMARY KEY NOT NULL,
	`def_id` text NOT NULL,
	`record_id` text NOT NULL,
	`value` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`def_id`) REFERENCES `udf_defs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `udf_values_def_record` ON `udf_values` (`def_id`,`record_id`);--> statement-breakpoint
CREATE INDEX `udf_values_record` ON `udf_values` (`record_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`full_name` text,
	`email` text,
	`kind` text DEFAULT 'staff' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`owner` integer DEFAULT false NOT NULL,
	`admin` integer DEFAULT false NOT NULL,
	`manager` integer DEFAULT false NOT NULL,
	`reports_to` text,
	`modules_json` text DEFAULT '[]' NOT NULL,
	`group_ids_json` text DEFAULT '[]' NOT NULL,
	`widget_group_ids_json` text DEFAULT '[]' NOT NULL,
	`customer_ids_json` text DEFAULT '[]' NOT NULL,
	`password_hash` text,
	`password_changed_at` text,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_name` ON `users` (`name`);--> statement-breakpoint
CREATE TABLE `widget_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`widget_ids_json` text DEFAULT '[]' NOT NULL,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `carriers` ADD `account_rep_contact` text;--> statement-breakpoint
ALTER TABLE `company` ADD `address` text;--> statement-breakpoint
ALTER TABLE `company` ADD `billing_contact` text;--> statement-breakpoint
ALTER TABLE `company` ADD `billing_email` text;--> statement-breakpoint
ALTER TABLE `company` ADD `logo` blob;--> statement-breakpoint
ALTER TABLE `company` ADD `logo_type` text;--> statement-breakpoint
ALTER TABLE `company` ADD `logo_sha256` text;--> statement-breakpoint
ALTER TABLE `company` ADD `modules_json` text DEFAULT '["tem","inventory","crm"]' NOT NULL;--> statement-breakpoint
ALTER TABLE `services` ADD `fields_json` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
CREATE INDEX `services_carrier` ON `services` (`carrier_id`,`retired_at`);--> statement-breakpoint
CREATE INDEX `services_group` ON `services` (`group_id`,`retired_at`);--> statement-breakpoint
CREATE INDEX `services_location` ON `services` (`location_id`);--> statement-breakpoint
CREATE INDEX `audit_actor` ON `audit_log` (`actor`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);
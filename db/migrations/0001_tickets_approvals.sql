CREATE TABLE `approvals` (
	`id` text PRIMARY KEY NOT NULL,
	`billing_account_id` text NOT NULL,
	`month` text NOT NULL,
	`approved_by` text NOT NULL,
	`approved_at` text NOT NULL,
	`status_at_approval` text NOT NULL,
	`actual_cents_at_approval` integer,
	`override_reason` text,
	`withdrawn_at` text,
	`withdrawn_by` text,
	`withdraw_reason` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`billing_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `approvals_bill` ON `approvals` (`billing_account_id`,`month`);--> statement-breakpoint
CREATE INDEX `approvals_month` ON `approvals` (`month`);--> statement-breakpoint
CREATE TABLE `ticket_bills` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`billing_account_id` text NOT NULL,
	`month` text NOT NULL,
	`status_at_open` text NOT NULL,
	`variance_at_open_cents` integer,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`billing_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ticket_bills_ticket_bill` ON `ticket_bills` (`ticket_id`,`billing_account_id`,`month`);--> statement-breakpoint
CREATE INDEX `ticket_bills_bill` ON `ticket_bills` (`billing_account_id`,`month`);--> statement-breakpoint
CREATE TABLE `ticket_credits` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`month` text NOT NULL,
	`amount_cents` integer NOT NULL,
	`matched_account_id` text,
	`matched_month` text,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`matched_account_id`) REFERENCES `billing_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_credits_ticket` ON `ticket_credits` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `ticket_notes` (
	`id` text PRIMARY KEY NOT NULL,
	`ticket_id` text NOT NULL,
	`author` text NOT NULL,
	`at` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_notes_ticket` ON `ticket_notes` (`ticket_id`,`at`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`assignee` text,
	`claim_number` text,
	`opened_on` text NOT NULL,
	`due_date` text,
	`expected_credit_cents` integer,
	`resolution_reason` text,
	`closed_at` text,
	`retired_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tickets_status_due` ON `tickets` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `tickets_assignee` ON `tickets` (`assignee`);
-- written by hand: drizzle-kit splits an expression index at its commas. The expression is server/orders/view.ts's attentionRank.
CREATE INDEX `orders_attention_idx` ON `orders` ((case when "overdue" = 1 and "status" in ('issued', 'acknowledged') then 0 else 1 end),`deadline`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_time_idx` ON `alerts` (`occurred_at`,`id`);

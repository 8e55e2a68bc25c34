-- R10/R11: what a requested return or exchange covers (tau-bench's order fields).
ALTER TABLE orders ADD COLUMN return_items TEXT NOT NULL DEFAULT '[]';      -- JSON array, sorted
ALTER TABLE orders ADD COLUMN return_payment_method_id TEXT;
ALTER TABLE orders ADD COLUMN exchange_items TEXT NOT NULL DEFAULT '[]';    -- JSON array, sorted
ALTER TABLE orders ADD COLUMN exchange_new_items TEXT NOT NULL DEFAULT '[]';
ALTER TABLE orders ADD COLUMN exchange_payment_method_id TEXT;
ALTER TABLE orders ADD COLUMN exchange_price_difference TEXT;              -- signed decimal

-- The position of each order in its customer's list (tau-bench's `orders` array),
-- so an export reproduces the source's order.
ALTER TABLE orders ADD COLUMN customer_position INTEGER NOT NULL DEFAULT 0;

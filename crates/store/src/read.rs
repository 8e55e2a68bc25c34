//! Reads. Every read the engine uses is scoped to one customer or one record.

use std::collections::BTreeMap;
use std::str::FromStr;

use countersign_domain::*;
use rusqlite::{OptionalExtension, Row};

use rusqlite::{Connection, Params, Statement};

use crate::{Store, StoreError};

/// The reads, over any connection: the store's own, or an approval's transaction
/// (so that execution checks the state it is about to change).
pub struct Reader<'a> {
    pub(crate) conn: &'a Connection,
}

macro_rules! delegate {
    ($(fn $name:ident(&self $(, $arg:ident: $ty:ty)*) -> $ret:ty;)*) => {
        impl Store {
            /// Reads on the store's connection (see `Reader`).
            pub fn reader(&self) -> Reader<'_> {
                Reader { conn: &self.conn }
            }

            $(
                pub fn $name(&self $(, $arg: $ty)*) -> $ret {
                    self.reader().$name($($arg),*)
                }
            )*
        }
    };
}

delegate! {
    fn clock(&self) -> Result<Timestamp, StoreError>;
    fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError>;
    fn customer_by_email(&self, email: &str) -> Result<Option<Customer>, StoreError>;
    fn customers_by_zip(&self, zip: &str) -> Result<Vec<Customer>, StoreError>;
    fn customer_ids(&self) -> Result<Vec<CustomerId>, StoreError>;
    fn order(&self, id: &OrderId) -> Result<Option<Order>, StoreError>;
    fn orders_of(&self, customer: &CustomerId) -> Result<Vec<Order>, StoreError>;
    fn product(&self, id: &ProductId) -> Result<Option<Product>, StoreError>;
    fn products(&self) -> Result<Vec<Product>, StoreError>;
    fn product_names(&self) -> Result<Vec<String>, StoreError>;
    fn plans(&self) -> Result<Vec<Plan>, StoreError>;
    fn subscription(&self, id: &SubscriptionId) -> Result<Option<Subscription>, StoreError>;
    fn subscriptions_of(&self, customer: &CustomerId) -> Result<Vec<Subscription>, StoreError>;
    fn support_history_of(&self, customer: &CustomerId) -> Result<Vec<SupportHistoryEntry>, StoreError>;
    fn customer_context(&self, customer: &CustomerId) -> Result<Option<CustomerContext>, StoreError>;
    fn agents(&self) -> Result<Vec<Agent>, StoreError>;
    fn agent(&self, id: &AgentId) -> Result<Option<Agent>, StoreError>;
    fn queues(&self) -> Result<Vec<Queue>, StoreError>;
    fn tickets(&self) -> Result<Vec<Ticket>, StoreError>;
    fn ticket(&self, id: &TicketId) -> Result<Option<Ticket>, StoreError>;
    fn counts(&self) -> Result<BTreeMap<&'static str, i64>, StoreError>;
}

pub(crate) fn timestamp(what: &str, text: &str) -> Result<Timestamp, StoreError> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|error| StoreError::corrupt(what, error))
}

fn optional_timestamp(what: &str, text: Option<String>) -> Result<Option<Timestamp>, StoreError> {
    text.map(|t| timestamp(what, &t)).transpose()
}

fn amount(what: &str, text: &str) -> Result<Amount, StoreError> {
    Amount::from_str(text).map_err(|error| StoreError::corrupt(what, error))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|error| StoreError::corrupt(what, error))
}

fn enum_from_str<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> Result<T, StoreError> {
    from_json(
        what,
        &serde_json::Value::String(text.to_owned()).to_string(),
    )
}

fn address(row: &Row<'_>, first: usize) -> rusqlite::Result<Address> {
    Ok(Address {
        address1: row.get(first)?,
        address2: row.get(first + 1)?,
        city: row.get(first + 2)?,
        state: row.get(first + 3)?,
        country: row.get(first + 4)?,
        zip: row.get(first + 5)?,
    })
}

/// Every row a prepared query returns, as a tuple of its columns in order.
fn rows<T, P: Params>(statement: &mut Statement<'_>, params: P) -> Result<Vec<T>, StoreError>
where
    T: for<'r> TryFrom<&'r Row<'r>, Error = rusqlite::Error>,
{
    Ok(statement
        .query_map(params, |row| T::try_from(row))?
        .collect::<Result<_, _>>()?)
}

const CUSTOMER_COLUMNS: &str =
    "customer_id, first_name, last_name, email, address1, address2, city, state, country, zip";

impl Reader<'_> {
    /// The world clock: "now" for every time window of the policy.
    pub fn clock(&self) -> Result<Timestamp, StoreError> {
        let text: String = self
            .conn
            .prepare_cached("SELECT value FROM world_meta WHERE key = 'clock'")?
            .query_row([], |row| row.get(0))?;
        timestamp("world clock", &text)
    }

    pub fn customer(&self, id: &CustomerId) -> Result<Option<Customer>, StoreError> {
        self.customers_where("customer_id = ?1", id.as_str())
            .map(|mut found| found.pop())
    }

    /// R1: the customer whose email is the sender's address (case-insensitive).
    pub fn customer_by_email(&self, email: &str) -> Result<Option<Customer>, StoreError> {
        self.customers_where("lower(email) = lower(?1)", email.trim())
            .map(|mut found| found.pop())
    }

    /// Candidates for R1's second form (first name + last name + zip).
    pub fn customers_by_zip(&self, zip: &str) -> Result<Vec<Customer>, StoreError> {
        self.customers_where("zip = ?1", zip)
    }

    fn customers_where(&self, condition: &str, value: &str) -> Result<Vec<Customer>, StoreError> {
        let sql = format!(
            "SELECT {CUSTOMER_COLUMNS} FROM customers WHERE {condition} ORDER BY customer_id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement
            .query_map([value], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    address(row, 4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, first_name, last_name, email, address)| {
                let id = CustomerId(id);
                Ok(Customer {
                    payment_methods: self.payment_methods(&id)?,
                    id,
                    first_name,
                    last_name,
                    email,
                    address,
                })
            })
            .collect()
    }

    fn payment_methods(&self, customer: &CustomerId) -> Result<Vec<PaymentMethod>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT payment_method_id, kind, brand, last_four, balance FROM payment_methods
             WHERE customer_id = ?1 ORDER BY position",
        )?;
        type PaymentMethodRow = (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<PaymentMethodRow> = rows(&mut statement, [customer.as_str()])?;
        rows.into_iter()
            .map(|(id, kind, brand, last_four, balance)| {
                Ok(PaymentMethod {
                    kind: enum_from_str(&id, &kind)?,
                    balance: balance.map(|b| amount(&id, &b)).transpose()?,
                    id: PaymentMethodId(id),
                    brand,
                    last_four,
                })
            })
            .collect()
    }

    pub fn order(&self, id: &OrderId) -> Result<Option<Order>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT order_id, customer_id, status, address1, address2, city, state, country,
                        zip, currency, placed_at, shipped_at, delivered_at, cancelled_at,
                        cancel_reason, return_items, return_payment_method_id, exchange_items,
                        exchange_new_items, exchange_payment_method_id, exchange_price_difference
                 FROM orders WHERE order_id = ?1",
            )?
            .query_row([id.as_str()], |row| {
                Ok((
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    address(row, 3)?,
                    row.get::<_, String>(9)?,
                    row.get::<_, String>(10)?,
                    row.get::<_, Option<String>>(11)?,
                    row.get::<_, Option<String>>(12)?,
                    row.get::<_, Option<String>>(13)?,
                    row.get::<_, Option<String>>(14)?,
                    (
                        row.get::<_, String>(15)?,
                        row.get::<_, Option<String>>(16)?,
                        row.get::<_, String>(17)?,
                        row.get::<_, String>(18)?,
                        row.get::<_, Option<String>>(19)?,
                        row.get::<_, Option<String>>(20)?,
                    ),
                ))
            })
            .optional()?;
        let Some((
            customer_id,
            status,
            address,
            currency,
            placed,
            shipped,
            delivered,
            cancelled,
            cancel_reason,
            (
                return_items,
                return_method,
                exchange_items,
                exchange_new,
                exchange_method,
                difference,
            ),
        )) = row
        else {
            return Ok(None);
        };
        let what = id.as_str();
        Ok(Some(Order {
            order_id: id.clone(),
            customer_id: CustomerId(customer_id),
            status: OrderStatus::parse(&status)
                .ok_or_else(|| StoreError::corrupt(what, format!("unknown status {status}")))?,
            address,
            items: self.order_items(id)?,
            fulfillments: self.fulfillments(id)?,
            transactions: self.transactions(id)?,
            currency,
            placed_at: timestamp(what, &placed)?,
            shipped_at: optional_timestamp(what, shipped)?,
            delivered_at: optional_timestamp(what, delivered)?,
            cancelled_at: optional_timestamp(what, cancelled)?,
            cancel_reason,
            return_items: from_json(what, &return_items)?,
            return_payment_method_id: return_method.map(PaymentMethodId),
            exchange_items: from_json(what, &exchange_items)?,
            exchange_new_items: from_json(what, &exchange_new)?,
            exchange_payment_method_id: exchange_method.map(PaymentMethodId),
            exchange_price_difference: difference
                .map(|d| {
                    rust_decimal::Decimal::from_str(&d).map_err(|e| StoreError::corrupt(what, e))
                })
                .transpose()?,
        }))
    }

    fn order_items(&self, id: &OrderId) -> Result<Vec<OrderItem>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT item_id, product_id, name, price, options FROM order_items
             WHERE order_id = ?1 ORDER BY position",
        )?;
        let rows: Vec<(String, String, String, String, String)> =
            rows(&mut statement, [id.as_str()])?;
        rows.into_iter()
            .map(|(item_id, product_id, name, price, options)| {
                Ok(OrderItem {
                    price: amount(&item_id, &price)?,
                    options: from_json(&item_id, &options)?,
                    item_id: ItemId(item_id),
                    product_id: ProductId(product_id),
                    name,
                })
            })
            .collect()
    }

    fn fulfillments(&self, id: &OrderId) -> Result<Vec<Fulfillment>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT tracking_ids, item_ids FROM fulfillments WHERE order_id = ?1 ORDER BY position",
        )?;
        let rows: Vec<(String, String)> = rows(&mut statement, [id.as_str()])?;
        rows.into_iter()
            .map(|(tracking, items)| {
                Ok(Fulfillment {
                    tracking_ids: from_json(id.as_str(), &tracking)?,
                    item_ids: from_json(id.as_str(), &items)?,
                })
            })
            .collect()
    }

    fn transactions(&self, id: &OrderId) -> Result<Vec<Transaction>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT kind, amount, payment_method_id FROM order_transactions
             WHERE order_id = ?1 ORDER BY position",
        )?;
        let rows: Vec<(String, String, String)> = rows(&mut statement, [id.as_str()])?;
        rows.into_iter()
            .map(|(kind, value, method)| {
                Ok(Transaction {
                    kind: enum_from_str(id.as_str(), &kind)?,
                    amount: amount(id.as_str(), &value)?,
                    payment_method_id: PaymentMethodId(method),
                })
            })
            .collect()
    }

    pub fn orders_of(&self, customer: &CustomerId) -> Result<Vec<Order>, StoreError> {
        let ids: Vec<String> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT order_id FROM orders WHERE customer_id = ?1 ORDER BY placed_at DESC, order_id",
            )?;
            let ids = statement
                .query_map([customer.as_str()], |row| row.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids
        };
        let mut orders = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(order) = self.order(&OrderId(id))? {
                orders.push(order);
            }
        }
        Ok(orders)
    }

    pub fn product(&self, id: &ProductId) -> Result<Option<Product>, StoreError> {
        let name: Option<String> = self
            .conn
            .prepare_cached("SELECT name FROM products WHERE product_id = ?1")?
            .query_row([id.as_str()], |row| row.get(0))
            .optional()?;
        let Some(name) = name else {
            return Ok(None);
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT item_id, options, available, price FROM variants
             WHERE product_id = ?1 ORDER BY item_id",
        )?;
        let rows: Vec<(String, String, bool, String)> = rows(&mut statement, [id.as_str()])?;
        let variants = rows
            .into_iter()
            .map(|(item_id, options, available, price)| {
                Ok(Variant {
                    options: from_json(&item_id, &options)?,
                    price: amount(&item_id, &price)?,
                    item_id: ItemId(item_id),
                    product_id: id.clone(),
                    available,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(Product {
            product_id: id.clone(),
            name,
            variants,
        }))
    }

    /// The names of every product of the catalogue, without their variants.
    pub fn product_names(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT name FROM products ORDER BY name")?;
        let names = statement
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    pub fn products(&self) -> Result<Vec<Product>, StoreError> {
        let ids: Vec<String> = {
            let mut statement = self
                .conn
                .prepare_cached("SELECT product_id FROM products ORDER BY product_id")?;
            let ids = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids
        };
        let mut products = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(product) = self.product(&ProductId(id))? {
                products.push(product);
            }
        }
        Ok(products)
    }

    pub fn plans(&self) -> Result<Vec<Plan>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT plan_id, product_line, name, interval, price, currency FROM plans ORDER BY plan_id",
        )?;
        let rows: Vec<(String, String, String, String, String, String)> = rows(&mut statement, [])?;
        rows.into_iter()
            .map(|(plan_id, product_line, name, interval, price, currency)| {
                Ok(Plan {
                    price: amount(&plan_id, &price)?,
                    plan_id: PlanId(plan_id),
                    product_line,
                    name,
                    interval,
                    currency,
                })
            })
            .collect()
    }

    pub fn subscription(&self, id: &SubscriptionId) -> Result<Option<Subscription>, StoreError> {
        let owner: Option<String> = self
            .conn
            .prepare_cached("SELECT customer_id FROM subscriptions WHERE subscription_id = ?1")?
            .query_row([id.as_str()], |row| row.get(0))
            .optional()?;
        let Some(owner) = owner else {
            return Ok(None);
        };
        Ok(self
            .subscriptions_of(&CustomerId(owner))?
            .into_iter()
            .find(|subscription| &subscription.subscription_id == id))
    }

    pub fn subscriptions_of(&self, customer: &CustomerId) -> Result<Vec<Subscription>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT subscription_id, plan_id, status, current_period_start, current_period_end,
                    next_renewal_at, paused_until, cancelled_at, cancel_at_period_end,
                    payment_method_id, created_at
             FROM subscriptions WHERE customer_id = ?1 ORDER BY subscription_id",
        )?;
        type SubscriptionRow = (
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            bool,
            String,
            String,
        );
        let rows: Vec<SubscriptionRow> = rows(&mut statement, [customer.as_str()])?;
        rows.into_iter()
            .map(
                |(
                    id,
                    plan,
                    status,
                    start,
                    end,
                    renewal,
                    paused,
                    cancelled,
                    at_end,
                    method,
                    created,
                )| {
                    Ok(Subscription {
                        status: enum_from_str(&id, &status)?,
                        current_period_start: timestamp(&id, &start)?,
                        current_period_end: timestamp(&id, &end)?,
                        next_renewal_at: optional_timestamp(&id, renewal)?,
                        paused_until: optional_timestamp(&id, paused)?,
                        cancelled_at: optional_timestamp(&id, cancelled)?,
                        created_at: timestamp(&id, &created)?,
                        cancel_at_period_end: at_end,
                        payment_method_id: PaymentMethodId(method),
                        plan_id: PlanId(plan),
                        customer_id: customer.clone(),
                        subscription_id: SubscriptionId(id),
                    })
                },
            )
            .collect()
    }

    pub fn support_history_of(
        &self,
        customer: &CustomerId,
    ) -> Result<Vec<SupportHistoryEntry>, StoreError> {
        let mut statement = self.conn.prepare_cached(
            "SELECT history_id, order_id, kind, reason, item_ids, amount, at, approved_by
             FROM support_history WHERE customer_id = ?1 ORDER BY at",
        )?;
        type HistoryRow = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let rows: Vec<HistoryRow> = rows(&mut statement, [customer.as_str()])?;
        rows.into_iter()
            .map(|(id, order, kind, reason, items, value, at, by)| {
                Ok(SupportHistoryEntry {
                    kind: enum_from_str(&id, &kind)?,
                    item_ids: from_json(&id, &items)?,
                    amount: amount(&id, &value)?,
                    at: timestamp(&id, &at)?,
                    order_id: OrderId(order),
                    customer_id: customer.clone(),
                    approved_by: AgentId(by),
                    reason,
                    history_id: id,
                })
            })
            .collect()
    }

    /// Everything the engine and the policy may read about one customer.
    pub fn customer_context(
        &self,
        customer: &CustomerId,
    ) -> Result<Option<CustomerContext>, StoreError> {
        let Some(profile) = self.customer(customer)? else {
            return Ok(None);
        };
        let orders = self.orders_of(customer)?;
        let mut product_ids: Vec<ProductId> = orders
            .iter()
            .flat_map(|order| order.items.iter().map(|item| item.product_id.clone()))
            .collect();
        product_ids.sort();
        product_ids.dedup();
        let mut products = Vec::with_capacity(product_ids.len());
        for id in &product_ids {
            if let Some(product) = self.product(id)? {
                products.push(product);
            }
        }
        Ok(Some(CustomerContext {
            subscriptions: self.subscriptions_of(customer)?,
            plans: self.plans()?,
            support_history: self.support_history_of(customer)?,
            customer: profile,
            orders,
            products,
        }))
    }

    pub fn agents(&self) -> Result<Vec<Agent>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT agent_id, name, role FROM agents ORDER BY agent_id")?;
        let rows: Vec<(String, String, String)> = rows(&mut statement, [])?;
        rows.into_iter()
            .map(|(id, name, role)| {
                Ok(Agent {
                    role: enum_from_str(&id, &role)?,
                    agent_id: AgentId(id),
                    name,
                })
            })
            .collect()
    }

    pub fn agent(&self, id: &AgentId) -> Result<Option<Agent>, StoreError> {
        Ok(self
            .agents()?
            .into_iter()
            .find(|agent| &agent.agent_id == id))
    }

    pub fn queues(&self) -> Result<Vec<Queue>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT queue, description FROM queues ORDER BY queue")?;
        let rows: Vec<(String, String)> = rows(&mut statement, [])?;
        rows.into_iter()
            .map(|(queue, description)| {
                Ok(Queue {
                    queue: enum_from_str(&queue, &queue)?,
                    description,
                })
            })
            .collect()
    }

    pub fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let ids: Vec<String> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT ticket_id FROM tickets ORDER BY created_at DESC, ticket_id",
            )?;
            let ids = statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<Vec<_>, _>>()?;
            ids
        };
        let mut tickets = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(ticket) = self.ticket(&TicketId(id))? {
                tickets.push(ticket);
            }
        }
        Ok(tickets)
    }

    pub fn ticket(&self, id: &TicketId) -> Result<Option<Ticket>, StoreError> {
        type TicketRow = (
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            String,
            Option<String>,
        );
        let row = self
            .conn
            .prepare_cached(
                "SELECT channel, from_name, from_email, subject, created_at, status, queue
                 FROM tickets WHERE ticket_id = ?1",
            )?
            .query_row([id.as_str()], |row| TicketRow::try_from(row))
            .optional()?;
        let Some((channel, name, email, subject, created_at, status, queue)) = row else {
            return Ok(None);
        };
        let mut statement = self.conn.prepare_cached(
            "SELECT author, at, body, internal FROM ticket_messages WHERE ticket_id = ?1
             ORDER BY position",
        )?;
        let rows: Vec<(String, String, String, bool)> = rows(&mut statement, [id.as_str()])?;
        let messages = rows
            .into_iter()
            .map(|(author, at, body, internal)| {
                Ok(Message {
                    author: enum_from_str(id.as_str(), &author)?,
                    at: timestamp(id.as_str(), &at)?,
                    body,
                    internal,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(Ticket {
            id: id.clone(),
            channel,
            from: Sender { name, email },
            subject,
            created_at: timestamp(id.as_str(), &created_at)?,
            messages,
            status: enum_from_str(id.as_str(), &status)?,
            queue: queue
                .map(|queue| {
                    QueueName::parse(&queue).ok_or_else(|| {
                        StoreError::corrupt(id.as_str(), format!("unknown queue {queue}"))
                    })
                })
                .transpose()?,
            gold: None,
        }))
    }

    /// Number of rows per table, for `world init`'s report and the tests.
    pub fn counts(&self) -> Result<BTreeMap<&'static str, i64>, StoreError> {
        let mut counts = BTreeMap::new();
        for table in [
            "customers",
            "payment_methods",
            "products",
            "variants",
            "orders",
            "order_items",
            "subscriptions",
            "plans",
            "support_history",
            "agents",
            "queues",
            "tickets",
            "audit",
        ] {
            let count: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                        row.get(0)
                    })?;
            counts.insert(table, count);
        }
        Ok(counts)
    }
}

impl Reader<'_> {
    /// Every customer id, in order (for evaluations and tests over the whole world).
    pub fn customer_ids(&self) -> Result<Vec<CustomerId>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT customer_id FROM customers ORDER BY customer_id")?;
        let ids = statement
            .query_map([], |row| row.get::<_, String>(0).map(CustomerId))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ids)
    }
}

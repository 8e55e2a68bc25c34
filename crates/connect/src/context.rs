//! A ticket's whole context, pulled from the connected systems at once.
//!
//! Requests that do not depend on each other go out together, so the time to
//! context is set by the longest chain of dependent requests, not by their sum:
//!
//! ```text
//! helpdesk: ticket ∥ its comments                      (1 round trip)
//!   └─ requester's email
//!      ├─ shop:    customer by email → their orders    (2 round trips)
//!      └─ billing: customer by email → subscriptions ∥ charges (2)
//! ```
//!
//! Three round trips in all, whatever the number of systems; seven requests with
//! a helpdesk, a shop and billing connected (`benches/context.rs` measures it).
//!
//! The context's customer is the shop's customer when a shop is connected, else
//! billing's; billing's subscriptions and payment methods join it by email. A
//! [`Pulled`] is a [`Directory`] for the engine: it knows this one customer.

use countersign_domain::{self as domain, CustomerContext, CustomerId};
use countersign_engine::Directory;
use countersign_exec::ExecError;

use crate::shopify::{self, Shopify};
use crate::stripe::{self, Stripe};
use crate::zendesk::Zendesk;

/// The systems a desk is connected to; the helpdesk is always there.
#[derive(Debug, Clone, Copy)]
pub struct Connected<'a> {
    pub helpdesk: &'a Zendesk,
    pub shop: Option<&'a Shopify>,
    pub billing: Option<&'a Stripe>,
}

/// A ticket and everything the engine and the policy may read about its customer.
#[derive(Debug, Clone)]
pub struct Pulled {
    pub ticket: domain::Ticket,
    /// `None` when no connected system knows the requester's email.
    pub context: Option<CustomerContext>,
}

/// What the shop knows of a customer.
struct Shop {
    customer: shopify::Customer,
    orders: Vec<shopify::Order>,
}

/// What billing knows of a customer.
struct Billing {
    customer: stripe::Customer,
    charges: Vec<stripe::Charge>,
}

fn panicked() -> ExecError {
    ExecError::Unknown("a request stopped unexpectedly".to_owned())
}

impl Connected<'_> {
    /// The ticket and its customer's context.
    pub fn pull(&self, ticket_id: u64) -> Result<Pulled, ExecError> {
        let thread = self.helpdesk.ticket(ticket_id)?;
        let ticket = thread.to_domain().ok_or_else(|| {
            ExecError::Unknown(format!(
                "Zendesk ticket {ticket_id} has a date Countersign cannot read"
            ))
        })?;
        let requester = thread.requester.as_ref();
        let context = match requester.and_then(|user| user.email.as_deref()) {
            Some(email) => self.customer(email, requester.and_then(|user| user.name.as_deref()))?,
            None => None,
        };
        Ok(Pulled { ticket, context })
    }

    /// What the shop and billing know of the customer with `email`, asked of
    /// both at once.
    pub fn customer(
        &self,
        email: &str,
        name: Option<&str>,
    ) -> Result<Option<CustomerContext>, ExecError> {
        let (shop, billing) = std::thread::scope(|scope| {
            let shop = self
                .shop
                .map(|shop| scope.spawn(move || from_shop(shop, email)));
            let billing = self
                .billing
                .map(|billing| scope.spawn(move || from_billing(billing, email)));
            let shop = shop.map(|handle| handle.join().unwrap_or_else(|_| Err(panicked())));
            let billing = billing.map(|handle| handle.join().unwrap_or_else(|_| Err(panicked())));
            (shop, billing)
        });
        let shop = shop.transpose()?.flatten();
        let billing = billing.transpose()?.flatten();
        Ok(assemble(email, name, shop, billing))
    }
}

fn from_shop(shop: &Shopify, email: &str) -> Result<Option<Shop>, ExecError> {
    let Some(customer) = shop.customers_by_email(email)?.into_iter().next() else {
        return Ok(None);
    };
    let orders = shop.orders_of(&customer.id)?;
    Ok(Some(Shop { customer, orders }))
}

fn from_billing(billing: &Stripe, email: &str) -> Result<Option<Billing>, ExecError> {
    let Some(found) = billing.customers_by_email(email)?.into_iter().next() else {
        return Ok(None);
    };
    // The customer with their subscriptions, and their charges: both at once.
    let (customer, charges) = std::thread::scope(|scope| {
        let charges = scope.spawn(|| billing.charges(&found.id));
        let customer = billing.customer(&found.id);
        (customer, charges.join().unwrap_or_else(|_| Err(panicked())))
    });
    Ok(Some(Billing {
        customer: customer?,
        charges: charges?,
    }))
}

fn split_name(name: &str) -> (String, String) {
    match name.trim().split_once(' ') {
        Some((first, last)) => (first.to_owned(), last.trim().to_owned()),
        None => (name.trim().to_owned(), String::new()),
    }
}

fn assemble(
    email: &str,
    name: Option<&str>,
    shop: Option<Shop>,
    billing: Option<Billing>,
) -> Option<CustomerContext> {
    let id = match (&shop, &billing) {
        (Some(shop), _) => CustomerId::new(shop.customer.id.clone()),
        (None, Some(billing)) => CustomerId::new(billing.customer.id.clone()),
        (None, None) => return None,
    };
    let (first_name, last_name) = match &shop {
        Some(Shop { customer, .. })
            if customer.first_name.is_some() || customer.last_name.is_some() =>
        {
            (
                customer.first_name.clone().unwrap_or_default(),
                customer.last_name.clone().unwrap_or_default(),
            )
        }
        _ => split_name(
            billing
                .as_ref()
                .and_then(|billing| billing.customer.name.as_deref())
                .or(name)
                .unwrap_or_default(),
        ),
    };
    let orders: Vec<domain::Order> = shop
        .as_ref()
        .map(|shop| {
            shop.orders
                .iter()
                .filter_map(|order| order.to_domain(&id))
                .collect()
        })
        .unwrap_or_default();
    let mut payment_methods: Vec<domain::PaymentMethod> = Vec::new();
    let shop_methods = shop
        .iter()
        .flat_map(|shop| shop.orders.iter().flat_map(shopify::Order::payment_methods));
    let billing_methods = billing.iter().flat_map(|billing| {
        billing
            .charges
            .iter()
            .filter_map(stripe::Charge::payment_method_to_domain)
    });
    for method in shop_methods.chain(billing_methods) {
        if !payment_methods.iter().any(|known| known.id == method.id) {
            payment_methods.push(method);
        }
    }
    let stripe_subscriptions: Vec<&stripe::Subscription> = billing
        .iter()
        .flat_map(|billing| {
            billing
                .customer
                .subscriptions
                .iter()
                .flat_map(|list| list.data.iter())
        })
        .collect();
    let subscriptions = stripe_subscriptions
        .iter()
        .filter_map(|subscription| subscription.to_domain())
        .map(|subscription| domain::Subscription {
            customer_id: id.clone(),
            ..subscription
        })
        .collect();
    let mut plans: Vec<domain::Plan> = Vec::new();
    for plan in stripe_subscriptions.iter().flat_map(|subscription| {
        subscription
            .items
            .data
            .iter()
            .filter_map(|item| item.price.to_plan())
    }) {
        if !plans.iter().any(|known| known.plan_id == plan.plan_id) {
            plans.push(plan);
        }
    }
    let address = shop
        .as_ref()
        .and_then(|shop| shop.customer.default_address.clone())
        .unwrap_or_default()
        .to_domain();
    Some(CustomerContext {
        customer: domain::Customer {
            id,
            first_name,
            last_name,
            email: email.to_owned(),
            address,
            payment_methods,
        },
        orders,
        subscriptions,
        plans,
        support_history: Vec::new(),
        products: Vec::new(),
    })
}

impl Directory for Pulled {
    fn customer_by_email(&self, email: &str) -> Option<domain::Customer> {
        self.context
            .as_ref()
            .map(|context| &context.customer)
            .filter(|customer| customer.email.eq_ignore_ascii_case(email))
            .cloned()
    }

    fn customers_by_zip(&self, zip: &str) -> Vec<domain::Customer> {
        self.context
            .iter()
            .map(|context| &context.customer)
            .filter(|customer| !zip.is_empty() && customer.address.zip == zip)
            .cloned()
            .collect()
    }

    fn context(&self, customer: &CustomerId) -> Option<CustomerContext> {
        self.context
            .as_ref()
            .filter(|context| &context.customer.id == customer)
            .cloned()
    }
}

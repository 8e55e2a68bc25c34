//! Identifier newtypes, so an order id can never be passed where a customer id is
//! expected. They serialise as plain strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
        #[serde(transparent)]
        #[schemars(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

id_type!(
    /// A customer (tau-bench `user_id`), e.g. `yusuf_rossi_9620`.
    CustomerId
);
id_type!(
    /// An order, always written with its `#W` prefix, e.g. `#W6247578`.
    OrderId
);
id_type!(
    /// A product variant (tau-bench `item_id`), e.g. `6469567736`.
    ItemId
);
id_type!(
    /// A product, e.g. `8310926033`.
    ProductId
);
id_type!(
    /// A payment method, e.g. `gift_card_1725971`.
    PaymentMethodId
);
id_type!(
    /// A subscription, e.g. `sub_1001`.
    SubscriptionId
);
id_type!(
    /// A subscription plan, e.g. `coffee_classic_monthly`.
    PlanId
);
id_type!(
    /// A helpdesk ticket, e.g. `D-0001`.
    TicketId
);
id_type!(
    /// An approving agent, e.g. `alex.agent`.
    AgentId
);

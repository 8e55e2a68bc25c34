//! The agent's connections as working clients: what the desk acts through once a
//! helpdesk, a shop or billing is connected. Secrets come from the keychain and
//! go straight into each client's sensitive header; nothing here keeps or logs
//! them.

use std::time::Duration;

use countersign_connect::context::Connected;
use countersign_connect::route::Router;
use countersign_connect::shopify::Shopify;
use countersign_connect::stripe::Stripe;
use countersign_connect::zendesk::{Zendesk, ZendeskAuth};
use countersign_domain::AgentId;

use super::{ConnectionKind, ConnectionSettings, Connections, Secret, SecretKey};
use crate::DeskError;

/// One agent's connected systems. A system without settings or a stored
/// credential is simply absent.
#[derive(Debug)]
pub struct Live {
    pub helpdesk: Option<Zendesk>,
    pub router: Router,
}

impl Live {
    /// The systems to pull a ticket's context from, when a helpdesk is connected.
    pub fn connected(&self) -> Option<Connected<'_>> {
        self.helpdesk.as_ref().map(|helpdesk| Connected {
            helpdesk,
            shop: self.router.shop.as_ref(),
            billing: self.router.billing.as_ref(),
        })
    }
}

fn unusable(kind: ConnectionKind, error: impl std::fmt::Display) -> DeskError {
    DeskError::invalid(format!(
        "The {} connection cannot be used: {error}",
        kind.vendor()
    ))
}

impl Connections {
    /// The agent's connections as clients that call each system for `timeout` at
    /// most. Fails, naming the connection, when saved settings cannot be used.
    pub fn live(&self, agent_id: &AgentId, timeout: Duration) -> Result<Live, DeskError> {
        let configured = |kind: ConnectionKind| -> Result<Option<(ConnectionSettings, Secret, String)>, DeskError> {
            let settings = self.settings.get(agent_id, kind)?;
            let Some(secret) = self.vault.read(&SecretKey::new(agent_id.clone(), kind))? else {
                return Ok(None);
            };
            let Some(url) = settings.base_url()? else {
                return Ok(None);
            };
            Ok(Some((settings, secret, url.to_string())))
        };
        let helpdesk = configured(ConnectionKind::Helpdesk)?
            .map(|(settings, secret, url)| {
                let auth = if settings.email.is_empty() {
                    ZendeskAuth::OAuth {
                        access_token: secret.expose().to_owned(),
                    }
                } else {
                    ZendeskAuth::ApiToken {
                        email: settings.email.clone(),
                        token: secret.expose().to_owned(),
                    }
                };
                Zendesk::new(&url, auth, timeout)
                    .map_err(|error| unusable(ConnectionKind::Helpdesk, error))
            })
            .transpose()?;
        let shop = configured(ConnectionKind::Shop)?
            .map(|(_, secret, url)| {
                Shopify::new(&url, secret.expose(), timeout)
                    .map_err(|error| unusable(ConnectionKind::Shop, error))
            })
            .transpose()?;
        let billing = configured(ConnectionKind::Billing)?
            .map(|(_, secret, url)| {
                Stripe::new(&url, secret.expose(), timeout)
                    .map_err(|error| unusable(ConnectionKind::Billing, error))
            })
            .transpose()?;
        Ok(Live {
            helpdesk,
            router: Router { shop, billing },
        })
    }
}

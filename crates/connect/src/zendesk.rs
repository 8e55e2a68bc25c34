//! Zendesk Support: the helpdesk. Reads the agent's open tickets, a view's tickets
//! and a ticket with its whole conversation; sends public replies and internal
//! notes, sets status, group, assignee and tags, and hands tickets off to a queue.
//!
//! - **Auth.** An agent's API token (HTTP Basic, `{email}/token:{token}`) or an
//!   OAuth access token (Bearer), sent as a sensitive header. Neither appears in
//!   any log, error or `Debug` output. Only `https://` addresses are accepted
//!   (plain `http://` only on the loopback, for tests), and redirects are not
//!   followed, so the credentials go to the Zendesk address in Settings and
//!   nowhere else; a search's `next_page` on another address is refused too.
//! - **Reads.** The agent's open tickets are a search (`type:ticket assignee:me
//!   status<solved`) whose `next_page` links are followed; a view's tickets, a
//!   ticket's comments and the groups use cursor pagination (`page[size]=100`,
//!   then `page[after]`). Unknown fields are ignored everywhere.
//! - **Writes.** Every update is `PUT /api/v2/tickets/{id}.json` with
//!   `safe_update: true` and `updated_stamp`: the `updated_at` the agent saw. If
//!   anyone changed the ticket since, Zendesk answers 409; the ticket is read
//!   again and returned as [`UpdateError::Conflict`], so the desk shows what
//!   changed and the agent confirms again. A conflicting update is never retried
//!   here. The same stamp makes a retry after a lost answer safe: if the first
//!   update took effect, the retry conflicts instead of commenting twice.
//! - **Errors.** 401 (credentials wrong, expired or revoked), 403 (a missing
//!   permission or OAuth scope, named), 404 (no such ticket or view, or one this
//!   agent cannot see) and other 4xx are refusals: nothing happened. 429 (waiting
//!   `Retry-After`) and 5xx are transient. No answer after a write is unknown.
//!
//! How tickets, comments, statuses and groups map onto the store's domain is in
//! `crates/connect/MAPPING.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use countersign_domain::{self as domain, Author, QueueName, TicketId};
use countersign_exec::http::{no_answer, retry_after};
use countersign_exec::ExecError;
use reqwest::blocking::RequestBuilder;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use reqwest::{Method, Url};
use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::client::{base_url as base_url_of, Authorized};

/// The search behind [`Zendesk::my_open_tickets`].
pub const MY_OPEN_TICKETS: &str = "type:ticket assignee:me status<solved";

/// The tag every handoff adds: the ticket waits for a person in a queue.
pub const HANDOFF_TAG: &str = "countersign_handoff";

/// The prefix of the tag naming the queue of a handoff (`countersign_queue_billing`).
pub const QUEUE_TAG_PREFIX: &str = "countersign_queue_";

/// The most objects a cursor-paginated list asks for per page (Zendesk's maximum).
const PAGE_SIZE: &str = "100";

/// The most pages one read follows: a guard against a list that never ends.
const MAX_PAGES: usize = 100;

/// The statuses an update may set.
const STATUSES: [&str; 6] = ["new", "open", "pending", "hold", "solved", "closed"];

/// How the agent signs in to Zendesk.
#[derive(Clone, PartialEq, Eq)]
pub enum ZendeskAuth {
    /// An API token of the account, used as the agent with this email: HTTP Basic
    /// `{email}/token:{token}`.
    ApiToken { email: String, token: String },
    /// An OAuth access token the agent signed in for (`crate::oauth`): Bearer.
    OAuth { access_token: String },
}

impl std::fmt::Debug for ZendeskAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZendeskAuth::ApiToken { email, .. } => f
                .debug_struct("ApiToken")
                .field("email", email)
                .field("token", &"<redacted>")
                .finish(),
            ZendeskAuth::OAuth { .. } => f
                .debug_struct("OAuth")
                .field("access_token", &"<redacted>")
                .finish(),
        }
    }
}

impl ZendeskAuth {
    /// The `Authorization` header value, marked sensitive.
    fn header(&self) -> Result<HeaderValue, ZendeskSetupError> {
        let value = match self {
            ZendeskAuth::ApiToken { email, token } => {
                let (email, token) = (email.trim(), token.trim());
                if email.is_empty() || !email.contains('@') {
                    return Err(ZendeskSetupError::Credentials(
                        "an API token is used with the agent's email address; it is empty or not an email",
                    ));
                }
                if token.is_empty() {
                    return Err(ZendeskSetupError::Credentials("the API token is empty"));
                }
                format!(
                    "Basic {}",
                    STANDARD.encode(format!("{email}/token:{token}"))
                )
            }
            ZendeskAuth::OAuth { access_token } => {
                let token = access_token.trim();
                if token.is_empty() {
                    return Err(ZendeskSetupError::Credentials(
                        "the OAuth access token is empty",
                    ));
                }
                format!("Bearer {token}")
            }
        };
        HeaderValue::from_str(&value).map_err(|_| {
            ZendeskSetupError::Credentials("the credentials have characters a header cannot carry")
        })
    }
}

/// Why a [`Zendesk`] client could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum ZendeskSetupError {
    #[error("not a usable Zendesk address: {0}")]
    BaseUrl(String),
    #[error("the Zendesk credentials are not usable: {0}")]
    Credentials(&'static str),
    #[error("could not start the HTTP client: {0}")]
    Client(String),
}

/// One Zendesk Support account, reached as one agent.
#[derive(Debug)]
pub struct Zendesk {
    base_url: Url,
    http: Authorized,
}

// ---- Zendesk's objects, as far as Countersign reads them ----

/// A ticket (`GET /api/v2/tickets/{id}.json`, search results, view lists).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Ticket {
    pub id: u64,
    pub url: Option<String>,
    pub subject: Option<String>,
    /// The first comment's text.
    pub description: Option<String>,
    /// `new`, `open`, `pending`, `hold`, `solved` or `closed`.
    pub status: String,
    pub priority: Option<String>,
    /// `problem`, `incident`, `question` or `task`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub requester_id: Option<u64>,
    pub submitter_id: Option<u64>,
    pub assignee_id: Option<u64>,
    pub group_id: Option<u64>,
    pub organization_id: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub custom_fields: Vec<CustomField>,
    pub via: Option<Via>,
    pub created_at: String,
    /// What an update sends back as `updated_stamp`.
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct CustomField {
    pub id: u64,
    /// A string, number, boolean, list of option tags or null, by the field's type.
    #[serde(default)]
    pub value: Value,
}

/// How a ticket or comment came in.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Via {
    /// `email`, `web`, `chat`, `native_messaging`, `api`, `voice`…
    #[serde(default)]
    pub channel: Value,
}

impl Via {
    pub fn channel(&self) -> Option<&str> {
        self.channel.as_str()
    }
}

/// A ticket comment: a public reply or an internal note.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Comment {
    pub id: u64,
    /// `Comment` or `VoiceComment`.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub body: Option<String>,
    pub html_body: Option<String>,
    pub plain_body: Option<String>,
    /// False for an internal note.
    #[serde(default = "yes")]
    pub public: bool,
    /// None for Zendesk itself (`-1` or absent).
    #[serde(default, deserialize_with = "user_id")]
    pub author_id: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub attachments: Vec<Attachment>,
    pub via: Option<Via>,
    pub created_at: String,
}

impl Comment {
    /// The comment as plain text: `plain_body`, else `body`.
    pub fn text(&self) -> &str {
        self.plain_body
            .as_deref()
            .filter(|text| !text.trim().is_empty())
            .or(self.body.as_deref())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Attachment {
    pub id: u64,
    pub file_name: Option<String>,
    pub content_url: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct User {
    pub id: u64,
    pub name: Option<String>,
    pub email: Option<String>,
    /// `end-user`, `agent` or `admin`.
    pub role: Option<String>,
}

impl User {
    /// An agent or admin: one of the support team.
    pub fn is_staff(&self) -> bool {
        matches!(self.role.as_deref(), Some("agent" | "admin"))
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Group {
    pub id: u64,
    pub name: String,
    pub description: Option<String>,
    #[serde(default)]
    pub deleted: bool,
}

/// A ticket with its whole conversation and the people in it.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketThread {
    pub ticket: Ticket,
    /// Oldest first, every page.
    pub comments: Vec<Comment>,
    /// The requester, when Zendesk sent them with the ticket.
    pub requester: Option<User>,
    /// Everyone the ticket and its comments name, by id.
    pub users: BTreeMap<u64, User>,
    /// The ticket's group, when it has one, by id.
    pub groups: BTreeMap<u64, Group>,
}

/// `/api/v2/users/me.json`: the signed-in user, which is an anonymous user (no
/// id) when Zendesk did not recognise anyone.
#[derive(Debug, Deserialize)]
struct Me {
    user: MeUser,
}

#[derive(Debug, Deserialize)]
struct MeUser {
    id: Option<u64>,
    name: Option<String>,
    email: Option<String>,
    role: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Shown {
    ticket: Ticket,
    #[serde(default, deserialize_with = "null_as_default")]
    users: Vec<User>,
    #[serde(default, deserialize_with = "null_as_default")]
    groups: Vec<Group>,
}

#[derive(Debug, Deserialize)]
struct Updated {
    ticket: Ticket,
}

#[derive(Debug, Deserialize)]
struct SearchPage {
    #[serde(default, deserialize_with = "null_as_default")]
    results: Vec<Value>,
    next_page: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct Meta {
    #[serde(default)]
    has_more: bool,
    after_cursor: Option<String>,
}

fn yes() -> bool {
    true
}

/// A list or object that may be `null`: its default then.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A user id, where Zendesk itself is `-1`.
fn user_id<'de, D>(deserializer: D) -> Result<Option<u64>, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(Option::<i64>::deserialize(deserializer)?.and_then(|id| u64::try_from(id).ok()))
}

// ---- what an update sends ----

/// A new comment on a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewComment {
    pub body: String,
    /// True for a reply the customer sees, false for an internal note.
    pub public: bool,
}

/// Who a ticket is assigned to after an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    Agent(u64),
    /// Nobody: the ticket waits in its group (a handoff).
    Nobody,
}

/// One update of a ticket: only what is set is sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketUpdate {
    pub comment: Option<NewComment>,
    /// `open`, `pending`, `hold`, `solved`…
    pub status: Option<String>,
    pub group_id: Option<u64>,
    pub assignee: Option<Assignee>,
    /// Added to the ticket's tags (`additional_tags`); none are removed.
    pub add_tags: Vec<String>,
}

impl TicketUpdate {
    /// A reply the customer sees, leaving the ticket in `status` (unchanged when
    /// none).
    pub fn reply(body: &str, status: Option<domain::TicketStatus>) -> Self {
        Self {
            comment: Some(NewComment {
                body: body.to_owned(),
                public: true,
            }),
            status: status.map(|status| status_name(status).to_owned()),
            ..Self::default()
        }
    }

    /// An internal note: the team sees it, the customer does not.
    pub fn note(body: &str) -> Self {
        Self {
            comment: Some(NewComment {
                body: body.to_owned(),
                public: false,
            }),
            ..Self::default()
        }
    }

    /// A handoff to `queue`, whose group in Zendesk is `group_id`: the summary as
    /// an internal note, the ticket open, in that group, assigned to nobody, and
    /// tagged with the handoff and its queue.
    pub fn handoff(queue: QueueName, group_id: u64, summary: &str) -> Self {
        Self {
            comment: Some(NewComment {
                body: format!("Handoff to {}:\n{summary}", queue_words(queue)),
                public: false,
            }),
            status: Some("open".to_owned()),
            group_id: Some(group_id),
            assignee: Some(Assignee::Nobody),
            add_tags: vec![HANDOFF_TAG.to_owned(), queue_tag(queue)],
        }
    }

    fn is_empty(&self) -> bool {
        self.comment.is_none()
            && self.status.is_none()
            && self.group_id.is_none()
            && self.assignee.is_none()
            && self.add_tags.is_empty()
    }

    /// The request body, or why it is not one Zendesk should get.
    fn body(&self, seen_updated_at: &str) -> Result<Value, ExecError> {
        if self.is_empty() {
            return Err(ExecError::Refused(
                "nothing to change on the ticket: no comment, status, group, assignee or tag"
                    .to_owned(),
            ));
        }
        let stamp = seen_updated_at.trim();
        if stamp.is_empty() {
            return Err(ExecError::Refused(
                "the ticket's updated_at as the agent saw it is missing, so Zendesk could not refuse an update over someone else's change".to_owned(),
            ));
        }
        let mut ticket = Map::new();
        if let Some(comment) = &self.comment {
            let body = comment.body.trim();
            if body.is_empty() {
                return Err(ExecError::Refused("the comment is empty".to_owned()));
            }
            ticket.insert(
                "comment".to_owned(),
                json!({ "body": body, "public": comment.public }),
            );
        }
        if let Some(status) = &self.status {
            if !STATUSES.contains(&status.as_str()) {
                return Err(ExecError::Refused(format!(
                    "{status:?} is not a Zendesk ticket status ({})",
                    STATUSES.join(", ")
                )));
            }
            ticket.insert("status".to_owned(), json!(status));
        }
        if let Some(group) = self.group_id {
            ticket.insert("group_id".to_owned(), json!(group));
        }
        match self.assignee {
            Some(Assignee::Agent(agent)) => {
                ticket.insert("assignee_id".to_owned(), json!(agent));
            }
            Some(Assignee::Nobody) => {
                ticket.insert("assignee_id".to_owned(), Value::Null);
            }
            None => {}
        }
        if !self.add_tags.is_empty() {
            if let Some(bad) = self
                .add_tags
                .iter()
                .find(|tag| tag.is_empty() || tag.chars().any(char::is_whitespace))
            {
                return Err(ExecError::Refused(format!(
                    "{bad:?} is not a Zendesk tag: tags are single words"
                )));
            }
            ticket.insert("additional_tags".to_owned(), json!(self.add_tags));
        }
        ticket.insert("safe_update".to_owned(), json!(true));
        ticket.insert("updated_stamp".to_owned(), json!(stamp));
        Ok(json!({ "ticket": ticket }))
    }
}

/// Why an update did not take effect.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// Someone changed the ticket after the agent read it. Nothing was sent in
    /// its place: show the agent what changed and ask them to confirm again.
    #[error("the ticket changed in Zendesk after it was read (now updated at {}); nothing was sent: look at what changed and confirm again", latest.ticket.updated_at)]
    Conflict { latest: Box<TicketThread> },
    #[error(transparent)]
    Other(#[from] ExecError),
}

/// The Zendesk status a domain status is sent as. An escalated ticket stays open:
/// its group and tags say that it waits for a queue.
pub fn status_name(status: domain::TicketStatus) -> &'static str {
    match status {
        domain::TicketStatus::Open | domain::TicketStatus::Escalated => "open",
        domain::TicketStatus::Solved => "solved",
    }
}

/// The tag naming a handoff's queue.
pub fn queue_tag(queue: QueueName) -> String {
    format!("{QUEUE_TAG_PREFIX}{}", queue.as_str())
}

/// The queue a Zendesk group stands for, by its name: `Billing`, `Trust & Safety`,
/// `Trust and safety`, `Senior Support`, `General`… (case, spaces, `&`/`and` and
/// punctuation do not matter).
pub fn queue_of_group(name: &str) -> Option<QueueName> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .filter(|word| word != "and")
        .collect();
    QueueName::parse(&words.join("_"))
}

/// The group a queue's handoffs go to, among `groups`: the first live group whose
/// name stands for the queue.
pub fn group_of_queue(groups: &[Group], queue: QueueName) -> Option<&Group> {
    groups
        .iter()
        .find(|group| !group.deleted && queue_of_group(&group.name) == Some(queue))
}

fn queue_words(queue: QueueName) -> &'static str {
    match queue {
        QueueName::Billing => "billing",
        QueueName::TrustSafety => "trust and safety",
        QueueName::SeniorSupport => "senior support",
        QueueName::General => "general",
    }
}

// ---- the client ----

/// What a call is for, in the words its errors use.
struct Call {
    /// "read ticket 42", after "may not".
    what: String,
    /// The OAuth scope it needs.
    scope: &'static str,
    /// What a 404 means here.
    missing: String,
    writes: bool,
}

impl Call {
    fn read(what: String, scope: &'static str, missing: String) -> Self {
        Self {
            what,
            scope,
            missing,
            writes: false,
        }
    }
}

fn address_missing() -> String {
    "Zendesk has no such page at this address: check the Zendesk address in Settings (https://{subdomain}.zendesk.com)".to_owned()
}

fn ticket_missing(id: u64) -> String {
    format!("Zendesk has no ticket {id}, or this agent cannot see it")
}

/// An answer, read to the end.
struct Answer {
    status: u16,
    wait: Option<Duration>,
    body: Vec<u8>,
}

impl Zendesk {
    /// A client of the Zendesk account at `base_url` (`https://{subdomain}.zendesk.com`,
    /// or a loopback server in tests), signed in with `auth`; every call gives up
    /// after `timeout`.
    pub fn new(
        base_url: &str,
        auth: ZendeskAuth,
        timeout: Duration,
    ) -> Result<Self, ZendeskSetupError> {
        let base_url = base_url_of(base_url, "https://{subdomain}.zendesk.com")
            .map_err(ZendeskSetupError::BaseUrl)?;
        let http = Authorized::new(AUTHORIZATION, auth.header()?, timeout)
            .map_err(ZendeskSetupError::Client)?;
        Ok(Self { base_url, http })
    }

    fn url(&self, path: &str) -> Result<Url, ExecError> {
        self.base_url
            .join(path)
            .map_err(|error| ExecError::Refused(format!("not a Zendesk path: {error}")))
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.http
            .request(method, url)
            .header(ACCEPT, "application/json")
    }

    fn send(&self, request: RequestBuilder, writes: bool) -> Result<Answer, ExecError> {
        let response = request.send().map_err(|error| no_answer(error, writes))?;
        let status = response.status().as_u16();
        let wait = retry_after(response.headers());
        let body = response
            .bytes()
            .map_err(|error| no_answer(error, writes))?
            .to_vec();
        tracing::debug!(status, writes, "zendesk answered");
        Ok(Answer { status, wait, body })
    }

    fn get<T: DeserializeOwned>(
        &self,
        url: Url,
        query: &[(&str, &str)],
        call: &Call,
    ) -> Result<T, ExecError> {
        let answer = self.send(self.request(Method::GET, url).query(query), false)?;
        parsed(answer, call)
    }

    /// The signed-in agent. Checks the credentials: an anonymous answer or an end
    /// user is refused in plain words.
    pub fn me(&self) -> Result<User, ExecError> {
        let call = Call::read(
            "read their own profile".to_owned(),
            "users:read",
            address_missing(),
        );
        let me: Me = self.get(self.url("api/v2/users/me.json")?, &[], &call)?;
        let Some(id) = me.user.id else {
            return Err(ExecError::Refused(credentials_refused()));
        };
        let user = User {
            id,
            name: me.user.name,
            email: me.user.email,
            role: me.user.role,
        };
        if !user.is_staff() {
            return Err(ExecError::Refused(format!(
                "{} is not an agent in Zendesk (role {}): sign in as an agent in Settings",
                user.email.as_deref().unwrap_or("this user"),
                user.role.as_deref().unwrap_or("unknown")
            )));
        }
        Ok(user)
    }

    /// The tickets assigned to the agent that are not solved yet (new, open,
    /// pending, on hold), across every page of the search, each once.
    pub fn my_open_tickets(&self) -> Result<Vec<Ticket>, ExecError> {
        let call = Call::read("search tickets".to_owned(), "read", address_missing());
        let mut page: SearchPage = self.get(
            self.url("api/v2/search.json")?,
            &[("query", MY_OPEN_TICKETS)],
            &call,
        )?;
        let mut tickets: Vec<Ticket> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut followed = BTreeSet::new();
        for _ in 0..MAX_PAGES {
            for result in page.results {
                let kind = result.get("result_type").and_then(Value::as_str);
                if kind.is_some_and(|kind| kind != "ticket") {
                    continue;
                }
                let ticket: Ticket = serde_json::from_value(result).map_err(|error| {
                    ExecError::Unknown(format!(
                        "Zendesk's search found a ticket Countersign cannot read: {error}"
                    ))
                })?;
                if seen.insert(ticket.id) {
                    tickets.push(ticket);
                }
            }
            let Some(next) = page.next_page.filter(|next| !next.is_empty()) else {
                return Ok(tickets);
            };
            if !followed.insert(next.clone()) {
                return Err(ExecError::Unknown(
                    "Zendesk's search sent the same next page twice".to_owned(),
                ));
            }
            let next = self.same_account(&next)?;
            page = self.get(next, &[], &call)?;
        }
        Err(too_many_pages("search"))
    }

    /// A Zendesk link to another page, if it is on this account's address: the
    /// credentials go nowhere else.
    fn same_account(&self, link: &str) -> Result<Url, ExecError> {
        let url = Url::parse(link).map_err(|_| {
            ExecError::Unknown(
                "Zendesk's next page is not an address Countersign can follow".to_owned(),
            )
        })?;
        let same = url.scheme() == self.base_url.scheme()
            && url.host_str() == self.base_url.host_str()
            && url.port_or_known_default() == self.base_url.port_or_known_default();
        if !same {
            return Err(ExecError::Refused(format!(
                "Zendesk pointed the next page at another address ({}); Countersign sends the credentials only to {}",
                url.host_str().unwrap_or("no host"),
                self.base_url.host_str().unwrap_or_default()
            )));
        }
        Ok(url)
    }

    /// Every item under `key` across a cursor-paginated list, with the users
    /// sideloaded on each page.
    fn cursor_list<T: DeserializeOwned>(
        &self,
        path: &str,
        key: &str,
        extra: &[(&str, &str)],
        call: &Call,
    ) -> Result<(Vec<T>, Vec<User>), ExecError> {
        let url = self.url(path)?;
        let mut items: Vec<T> = Vec::new();
        let mut users: Vec<User> = Vec::new();
        let mut after: Option<String> = None;
        let mut cursors = BTreeSet::new();
        for _ in 0..MAX_PAGES {
            let mut query = vec![("page[size]", PAGE_SIZE)];
            query.extend_from_slice(extra);
            if let Some(after) = after.as_deref() {
                query.push(("page[after]", after));
            }
            let mut page: Map<String, Value> = self.get(url.clone(), &query, call)?;
            let found: Vec<T> = take(&mut page, key)?;
            items.extend(found);
            let sideloaded: Vec<User> = take(&mut page, "users")?;
            users.extend(sideloaded);
            let meta: Meta = take(&mut page, "meta")?;
            if !meta.has_more {
                return Ok((items, users));
            }
            let Some(cursor) = meta.after_cursor.filter(|cursor| !cursor.is_empty()) else {
                return Err(ExecError::Unknown(format!(
                    "Zendesk said there are more {key} but gave no cursor to read them"
                )));
            };
            if !cursors.insert(cursor.clone()) {
                return Err(ExecError::Unknown(format!(
                    "Zendesk sent the same cursor twice while listing {key}"
                )));
            }
            after = Some(cursor);
        }
        Err(too_many_pages(key))
    }

    /// The tickets in a view, every page, in the view's order.
    pub fn view_tickets(&self, view_id: u64) -> Result<Vec<Ticket>, ExecError> {
        let call = Call::read(
            format!("read view {view_id}"),
            "tickets:read",
            format!("Zendesk has no view {view_id}, or this agent cannot see it"),
        );
        let (tickets, _) = self.cursor_list(
            &format!("api/v2/views/{view_id}/tickets.json"),
            "tickets",
            &[],
            &call,
        )?;
        Ok(tickets)
    }

    /// The account's groups (a handoff's queue is a group), every page.
    pub fn groups(&self) -> Result<Vec<Group>, ExecError> {
        let call = Call::read("list groups".to_owned(), "read", address_missing());
        let (groups, _) = self.cursor_list("api/v2/groups.json", "groups", &[], &call)?;
        Ok(groups)
    }

    /// A ticket with its requester, group and every comment, oldest first.
    pub fn ticket(&self, id: u64) -> Result<TicketThread, ExecError> {
        let call = Call::read(
            format!("read ticket {id}"),
            "tickets:read",
            ticket_missing(id),
        );
        // The ticket and its comments do not depend on each other: both at once.
        let ticket_url = self.url(&format!("api/v2/tickets/{id}.json"))?;
        let comments_path = format!("api/v2/tickets/{id}/comments.json");
        let (shown, listed) = std::thread::scope(|scope| {
            let comments = scope.spawn(|| {
                self.cursor_list::<Comment>(
                    &comments_path,
                    "comments",
                    &[("include", "users")],
                    &call,
                )
            });
            let shown: Result<Shown, ExecError> =
                self.get(ticket_url, &[("include", "users,groups")], &call);
            let listed = comments.join().unwrap_or_else(|_| {
                Err(ExecError::Unknown(
                    "reading the comments stopped unexpectedly".to_owned(),
                ))
            });
            (shown, listed)
        });
        let shown = shown?;
        let (comments, commenters): (Vec<Comment>, Vec<User>) = listed?;
        let users: BTreeMap<u64, User> = shown
            .users
            .into_iter()
            .chain(commenters)
            .map(|user| (user.id, user))
            .collect();
        let requester = shown
            .ticket
            .requester_id
            .and_then(|requester| users.get(&requester).cloned());
        Ok(TicketThread {
            ticket: shown.ticket,
            comments,
            requester,
            users,
            groups: shown
                .groups
                .into_iter()
                .map(|group| (group.id, group))
                .collect(),
        })
    }

    /// Updates a ticket as the agent saw it at `seen_updated_at` (its
    /// `updated_at`). If anyone changed it since, nothing is changed: the ticket
    /// is read again and returned in [`UpdateError::Conflict`].
    pub fn update(
        &self,
        id: u64,
        update: &TicketUpdate,
        seen_updated_at: &str,
    ) -> Result<Ticket, UpdateError> {
        let body = update.body(seen_updated_at)?;
        let call = Call {
            what: format!("update ticket {id}"),
            scope: "tickets:write",
            missing: ticket_missing(id),
            writes: true,
        };
        let request = self
            .request(Method::PUT, self.url(&format!("api/v2/tickets/{id}.json"))?)
            .json(&body);
        let answer = self.send(request, true)?;
        if answer.status == 409 {
            tracing::info!(ticket = id, "zendesk refused an update over a newer change");
            return match self.ticket(id) {
                Ok(latest) => Err(UpdateError::Conflict {
                    latest: Box::new(latest),
                }),
                Err(error) => Err(UpdateError::Other(ExecError::Refused(format!(
                    "the ticket changed in Zendesk after it was read, so nothing was sent, and reading it again failed ({error}); open it again and confirm"
                )))),
            };
        }
        let updated: Updated = parsed(answer, &call)?;
        Ok(updated.ticket)
    }
}

fn take<T: DeserializeOwned + Default>(
    page: &mut Map<String, Value>,
    key: &str,
) -> Result<T, ExecError> {
    match page.remove(key) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(value) => serde_json::from_value(value).map_err(|error| {
            ExecError::Unknown(format!(
                "Zendesk's {key} are not what Countersign reads: {error}"
            ))
        }),
    }
}

fn too_many_pages(what: &str) -> ExecError {
    ExecError::Refused(format!(
        "Zendesk kept sending more pages of {what} than Countersign reads ({MAX_PAGES}); narrow the view"
    ))
}

fn credentials_refused() -> String {
    "Zendesk did not accept the credentials: the token is wrong, expired or revoked; sign in again in Settings".to_owned()
}

/// The object on 2xx; the error the answer stands for otherwise.
fn parsed<T: DeserializeOwned>(answer: Answer, call: &Call) -> Result<T, ExecError> {
    if (200..300).contains(&answer.status) {
        return serde_json::from_slice(&answer.body).map_err(|error| {
            ExecError::Unknown(format!(
                "Zendesk answered {} with something Countersign cannot read: {error}",
                answer.status
            ))
        });
    }
    Err(refusal(&answer, call))
}

fn refusal(answer: &Answer, call: &Call) -> ExecError {
    let status = answer.status;
    let said = said(&answer.body)
        .map(|text| format!(": {text}"))
        .unwrap_or_default();
    let error = match status {
        401 => ExecError::Refused(credentials_refused()),
        403 => ExecError::Refused(format!(
            "Zendesk does not let this agent {}: their role lacks that permission, or the sign-in lacks the {} scope; ask a Zendesk admin{said}",
            call.what, call.scope
        )),
        404 => ExecError::Refused(call.missing.clone()),
        429 => ExecError::Transient {
            message: match answer.wait {
                Some(wait) => format!(
                    "Zendesk is rate-limiting this account; it asked to wait {} s",
                    wait.as_secs()
                ),
                None => "Zendesk is rate-limiting this account".to_owned(),
            },
            retry_after: answer.wait,
        },
        500..=599 => ExecError::Transient {
            message: format!("Zendesk answered {status}{said}"),
            retry_after: answer.wait,
        },
        300..=399 => ExecError::Refused(format!(
            "Zendesk sent the request to another address ({status}); check the Zendesk address in Settings (https://{{subdomain}}.zendesk.com)"
        )),
        _ => ExecError::Refused(format!(
            "Zendesk refused to {} ({status}){said}",
            call.what
        )),
    };
    // A refused write changed nothing: say so.
    match error {
        ExecError::Refused(message) if call.writes => {
            ExecError::Refused(format!("{message}; nothing on the ticket changed"))
        }
        other => other,
    }
}

/// What Zendesk's error body says, in whichever of its shapes it came:
/// `{"error", "description", "details"}`, `{"error": {"title", "message"}}`,
/// `{"errors": [{"title", "detail"}]}`, OAuth's `error_description`, or a short
/// plain-text line.
fn said(body: &[u8]) -> Option<String> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        let plain = !text.is_empty() && !text.starts_with('<') && text.len() <= 200;
        return plain.then(|| text.to_owned());
    };
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let mut parts: Vec<String> = Vec::new();
    if let Some(description) = text(value.get("description")) {
        parts.push(description);
    } else if let Some(error) = value.get("error").filter(|error| error.is_object()) {
        if let Some(message) = text(error.get("message")).or_else(|| text(error.get("title"))) {
            parts.push(message);
        }
    } else if let Some(description) = text(value.get("error_description")) {
        parts.push(description);
    } else if let Some(errors) = value.get("errors").and_then(Value::as_array) {
        parts.extend(
            errors
                .iter()
                .filter_map(|error| text(error.get("detail")).or_else(|| text(error.get("title")))),
        );
    } else if let Some(error) = text(value.get("error")) {
        parts.push(error);
    }
    if let Some(details) = value.get("details").and_then(Value::as_object) {
        for problems in details.values() {
            for problem in problems.as_array().into_iter().flatten() {
                if let Some(description) = text(problem.get("description")) {
                    parts.push(description);
                }
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

// ---- Zendesk's tickets as the store's domain (crates/connect/MAPPING.md) ----

fn timestamp(text: &str) -> Option<domain::Timestamp> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&chrono::Utc))
}

impl TicketThread {
    /// The ticket as the engine and the desk read it; `None` when a time Zendesk
    /// sent is not one.
    pub fn to_domain(&self) -> Option<domain::Ticket> {
        let ticket = &self.ticket;
        let messages = self
            .comments
            .iter()
            .map(|comment| {
                Some(domain::Message {
                    author: self.author(comment),
                    at: timestamp(&comment.created_at)?,
                    body: message_body(comment),
                    internal: !comment.public,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let closed = matches!(ticket.status.as_str(), "solved" | "closed");
        let queue = if closed { None } else { self.handoff_queue() };
        let status = if closed {
            domain::TicketStatus::Solved
        } else if queue.is_some() {
            domain::TicketStatus::Escalated
        } else {
            domain::TicketStatus::Open
        };
        Some(domain::Ticket {
            id: TicketId::new(ticket.id.to_string()),
            channel: channel(ticket.via.as_ref().and_then(Via::channel)),
            from: domain::Sender {
                name: self.requester.as_ref().and_then(|user| user.name.clone()),
                email: self.requester.as_ref().and_then(|user| user.email.clone()),
            },
            subject: ticket
                .subject
                .clone()
                .filter(|subject| !subject.trim().is_empty()),
            created_at: timestamp(&ticket.created_at)?,
            messages,
            status,
            queue,
            gold: None,
        })
    }

    /// Who wrote a comment: the requester and end users are the customer's side,
    /// agents and admins the team's. Zendesk itself (no author) is the team; an
    /// author Zendesk did not send is the customer's side when public.
    fn author(&self, comment: &Comment) -> Author {
        let Some(id) = comment.author_id else {
            return Author::Agent;
        };
        if Some(id) == self.ticket.requester_id {
            return Author::Customer;
        }
        match self.users.get(&id) {
            Some(user) if user.is_staff() => Author::Agent,
            Some(_) => Author::Customer,
            None if comment.public => Author::Customer,
            None => Author::Agent,
        }
    }

    /// The queue a handed-off ticket waits in: the queue its handoff tag names,
    /// else the queue its group stands for, else general. `None` when it was not
    /// handed off.
    fn handoff_queue(&self) -> Option<QueueName> {
        let tags = &self.ticket.tags;
        if !tags.iter().any(|tag| tag == HANDOFF_TAG) {
            return None;
        }
        let tagged = tags
            .iter()
            .filter_map(|tag| tag.strip_prefix(QUEUE_TAG_PREFIX))
            .find_map(QueueName::parse);
        let grouped = || {
            self.ticket
                .group_id
                .and_then(|group| self.groups.get(&group))
                .and_then(|group| queue_of_group(&group.name))
        };
        Some(tagged.or_else(grouped).unwrap_or(QueueName::General))
    }
}

/// The comment's text, and the names of its attachments (the files stay in
/// Zendesk).
fn message_body(comment: &Comment) -> String {
    let text = comment.text().trim().to_owned();
    let files: Vec<&str> = comment
        .attachments
        .iter()
        .map(|file| file.file_name.as_deref().unwrap_or("a file"))
        .collect();
    if files.is_empty() {
        return text;
    }
    let attached = format!("[attached in Zendesk: {}]", files.join(", "));
    if text.is_empty() {
        attached
    } else {
        format!("{text}\n\n{attached}")
    }
}

/// Zendesk's channel as the store names it: `email`, `chat` for every chat and
/// messaging channel, Zendesk's own word otherwise (`web`, `api`, `voice`…).
fn channel(via: Option<&str>) -> String {
    match via {
        None | Some("") => "unknown".to_owned(),
        Some("email") => "email".to_owned(),
        Some(chat)
            if chat == "chat"
                || chat.contains("messaging")
                || chat.starts_with("sunshine_conversations") =>
        {
            "chat".to_owned()
        }
        Some(other) => other.to_owned(),
    }
}

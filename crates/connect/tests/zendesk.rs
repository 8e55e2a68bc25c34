//! The Zendesk connector against a loopback Zendesk: every object the fake serves
//! is built from the fixtures in `tests/fixtures/zendesk/` (hand-written in the
//! shapes Zendesk documents, with fields Countersign does not read), the fake
//! applies `safe_update` as Zendesk does (a stale `updated_stamp` is a 409), and
//! the scripted failures (429 with Retry-After, 5xx, 401, 403, 404, 422, a next
//! page on another host) end as a person would expect.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use countersign_connect::zendesk::{
    self, Assignee, Comment, Group, Ticket, TicketThread, TicketUpdate, UpdateError, User, Zendesk,
    ZendeskAuth,
};
use countersign_domain::{Author, QueueName, TicketStatus};
use countersign_exec::ExecError;
use countersign_testkit::loopback::{Loopback, Reply, Request};
use serde_json::{json, Value};

const EMAIL: &str = "alex.agent@example.com";
const API_TOKEN: &str = "zd_9xSecretApiToken42";
/// base64("alex.agent@example.com/token:zd_9xSecretApiToken42"), worked out
/// outside Rust (`base64` of coreutils).
const BASIC: &str = "Basic YWxleC5hZ2VudEBleGFtcGxlLmNvbS90b2tlbjp6ZF85eFNlY3JldEFwaVRva2VuNDI=";
const OAUTH_TOKEN: &str = "zdoauth_1a2b3cSecretAccess9";
/// Where the fixtures' links point; the fake serves them at its own address.
const ORIGIN: &str = "https://countersign.zendesk.com";
const TICKET: u64 = 35436;
const VIEW: u64 = 360_001_440;
const ME: u64 = 235_323;
const REQUESTER: u64 = 20_978_392;
const BILLING_GROUP: u64 = 98_739;

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/zendesk/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// An error fixture (`{status, headers, body}`) as the fake's answer.
fn envelope(name: &str) -> Reply {
    let envelope = fixture(name);
    let status = u16::try_from(envelope["status"].as_u64().unwrap()).unwrap();
    let mut reply = match &envelope["body"] {
        Value::String(text) => Reply::raw(status, text),
        body => Reply::json(status, body.clone()),
    };
    for (name, value) in envelope["headers"].as_object().unwrap() {
        reply = reply.with_header(name, value.as_str().unwrap());
    }
    reply
}

struct State {
    base_url: String,
    requests: Vec<Request>,
    /// What the next requests meet: an error fixture's answer, or (None) the
    /// usual one.
    faults: VecDeque<Option<&'static str>>,
    /// The Authorization value the fake accepts.
    accepted: String,
    ticket: Value,
    comments: Vec<Value>,
    /// Comments per page when listing.
    comment_page: usize,
    /// Rewrite the fixtures' links to the fake's own address.
    rewrite_links: bool,
    /// `users/me` answers the anonymous user.
    anonymous: bool,
    updates: u32,
}

struct FakeZendesk {
    state: Arc<Mutex<State>>,
    server: Loopback,
}

impl FakeZendesk {
    fn start() -> Self {
        let ticket = fixture("ticket_show")["ticket"].clone();
        let comments = ["comments_page1", "comments_page2"]
            .iter()
            .flat_map(|page| fixture(page)["comments"].as_array().unwrap().clone())
            .collect();
        let state = Arc::new(Mutex::new(State {
            base_url: String::new(),
            requests: Vec::new(),
            faults: VecDeque::new(),
            accepted: BASIC.to_owned(),
            ticket,
            comments,
            comment_page: 2,
            rewrite_links: true,
            anonymous: false,
            updates: 0,
        }));
        let shared = Arc::clone(&state);
        let server = Loopback::start(Arc::new(move |request: &Request| {
            let mut state = shared.lock().unwrap();
            state.requests.push(request.clone());
            answer(&mut state, request)
        }));
        state.lock().unwrap().base_url = server.base_url();
        Self { state, server }
    }

    fn client(&self) -> Zendesk {
        self.client_with(ZendeskAuth::ApiToken {
            email: EMAIL.to_owned(),
            token: API_TOKEN.to_owned(),
        })
    }

    fn client_with(&self, auth: ZendeskAuth) -> Zendesk {
        Zendesk::new(&self.server.base_url(), auth, Duration::from_secs(2)).unwrap()
    }

    fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    fn puts(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(|request| request.method == "PUT")
            .collect()
    }

    fn fail_next(&self, fixture: &'static str) {
        self.state.lock().unwrap().faults.push_back(Some(fixture));
    }

    fn ticket_now(&self) -> Value {
        self.state.lock().unwrap().ticket.clone()
    }

    /// The requester writes again in Zendesk: the ticket's `updated_at` moves on.
    fn customer_writes(&self, body: &str) -> String {
        let mut state = self.state.lock().unwrap();
        let stamp = "2026-11-24T09:40:00Z".to_owned();
        let id = 1300 + state.comments.len() as u64;
        state
            .comments
            .push(comment(id, REQUESTER, body, true, &stamp));
        state.ticket["updated_at"] = json!(stamp);
        stamp
    }
}

fn comment(id: u64, author: u64, body: &str, public: bool, at: &str) -> Value {
    json!({
        "id": id, "type": "Comment", "author_id": author, "body": body,
        "html_body": format!("<div class=\"zd-comment\">{body}</div>"), "plain_body": body,
        "public": public, "attachments": [], "audit_id": id + 1_000_000,
        "via": { "channel": "api", "source": { "from": {}, "to": {}, "rel": null } },
        "created_at": at, "metadata": { "system": {}, "custom": {} }
    })
}

fn path_of(request: &Request) -> &str {
    request.path.split('?').next().unwrap_or_default()
}

fn query(request: &Request) -> HashMap<String, String> {
    request.query_pairs().into_iter().collect()
}

/// A fixture with its links moved to the fake's address.
fn linked(state: &State, value: Value) -> Value {
    if !state.rewrite_links {
        return value;
    }
    serde_json::from_str(&value.to_string().replace(ORIGIN, &state.base_url)).unwrap()
}

fn bad_request(description: &str) -> Reply {
    Reply::json(
        400,
        json!({ "error": "InvalidPaginationParameter", "description": description }),
    )
}

fn answer(state: &mut State, request: &Request) -> Reply {
    if request.header("authorization") != Some(state.accepted.as_str()) {
        return envelope(if state.accepted.starts_with("Bearer") {
            "error_401_oauth"
        } else {
            "error_401"
        });
    }
    if let Some(Some(fault)) = state.faults.pop_front() {
        return envelope(fault);
    }
    let query = query(request);
    let path = path_of(request).to_owned();
    let ticket_path = format!("/api/v2/tickets/{TICKET}.json");
    let comments_path = format!("/api/v2/tickets/{TICKET}/comments.json");
    let view_path = format!("/api/v2/views/{VIEW}/tickets.json");
    match (request.method.as_str(), path.as_str()) {
        ("GET", "/api/v2/users/me.json") => {
            if state.anonymous {
                Reply::json(200, fixture("user_me_anonymous"))
            } else {
                Reply::json(200, fixture("user_me"))
            }
        }
        ("GET", "/api/v2/search.json") => {
            if query.get("query").map(String::as_str) != Some(zendesk::MY_OPEN_TICKETS) {
                return Reply::json(
                    400,
                    json!({ "error": "InvalidSearch", "description": "unexpected query" }),
                );
            }
            match query.get("page").map(String::as_str) {
                None | Some("1") => Reply::json(200, linked(state, fixture("search_page1"))),
                Some("2") => Reply::json(200, linked(state, fixture("search_page2"))),
                Some(_) => {
                    Reply::json(200, json!({ "results": [], "next_page": null, "count": 4 }))
                }
            }
        }
        ("GET", p) if p == view_path => {
            let first = fixture("view_tickets_page1");
            let cursor = first["meta"]["after_cursor"].as_str().unwrap().to_owned();
            match query.get("page[after]") {
                None => Reply::json(200, linked(state, first)),
                Some(after) if *after == cursor => {
                    Reply::json(200, linked(state, fixture("view_tickets_page2")))
                }
                Some(_) => bad_request("unknown cursor"),
            }
        }
        ("GET", p) if p.starts_with("/api/v2/views/") => envelope("error_404"),
        ("GET", "/api/v2/groups.json") => Reply::json(200, linked(state, fixture("groups"))),
        ("GET", p) if p == ticket_path => {
            let include = query.get("include").cloned().unwrap_or_default();
            let shown = fixture("ticket_show");
            let mut body = json!({ "ticket": state.ticket });
            if include.split(',').any(|side| side == "users") {
                body["users"] = shown["users"].clone();
            }
            if include.split(',').any(|side| side == "groups") {
                let group = state.ticket["group_id"].clone();
                let groups: Vec<Value> = fixture("groups")["groups"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|g| g["id"] == group)
                    .cloned()
                    .collect();
                body["groups"] = json!(groups);
            }
            Reply::json(200, body)
        }
        ("GET", p) if p == comments_path => {
            let start = match query.get("page[after]") {
                None => 0,
                Some(cursor) => match cursor.strip_prefix("cmt-") {
                    Some(offset) => offset.parse().unwrap(),
                    None => return bad_request("unknown cursor"),
                },
            };
            let size: usize = query
                .get("page[size]")
                .map(|size| size.parse().unwrap())
                .unwrap_or(100)
                .min(state.comment_page);
            let end = (start + size).min(state.comments.len());
            let mut page = json!({
                "comments": state.comments[start..end],
                "meta": { "has_more": end < state.comments.len(),
                          "after_cursor": format!("cmt-{end}"), "before_cursor": format!("cmt-{start}") },
                "links": { "next": null, "prev": null }
            });
            if query.get("include").map(String::as_str) == Some("users") {
                page["users"] = fixture("comments_page1")["users"].clone();
            }
            Reply::json(200, page)
        }
        ("GET", p) if p.starts_with("/api/v2/tickets/") => envelope("error_404"),
        ("PUT", p) if p == ticket_path => update(state, request),
        ("PUT", p) if p.starts_with("/api/v2/tickets/") => envelope("error_404"),
        _ => envelope("error_404"),
    }
}

/// Zendesk's ticket update, with `safe_update` as Zendesk applies it.
fn update(state: &mut State, request: &Request) -> Reply {
    assert_eq!(request.header("content-type"), Some("application/json"));
    let body = request.json();
    let change = &body["ticket"];
    if change["safe_update"] == json!(true) && change["updated_stamp"] != state.ticket["updated_at"]
    {
        return envelope("error_409_update_conflict");
    }
    state.updates += 1;
    let stamp = format!("2026-11-24T10:{:02}:13Z", state.updates);
    if let Some(comment_in) = change.get("comment") {
        let id = 2000 + u64::from(state.updates);
        let new = comment(
            id,
            ME,
            comment_in["body"].as_str().unwrap(),
            comment_in["public"].as_bool().unwrap_or(true),
            &stamp,
        );
        state.comments.push(new);
    }
    for field in ["status", "group_id", "assignee_id"] {
        if let Some(value) = change.get(field) {
            state.ticket[field] = value.clone();
        }
    }
    if let Some(tags) = change["additional_tags"].as_array() {
        let mut all: Vec<Value> = state.ticket["tags"].as_array().unwrap().clone();
        for tag in tags {
            if !all.contains(tag) {
                all.push(tag.clone());
            }
        }
        state.ticket["tags"] = json!(all);
    }
    state.ticket["updated_at"] = json!(stamp);
    let mut answer = fixture("ticket_update");
    answer["ticket"] = state.ticket.clone();
    Reply::json(200, answer)
}

fn refused(error: &ExecError) -> &str {
    match error {
        ExecError::Refused(message) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn other(error: UpdateError) -> ExecError {
    match error {
        UpdateError::Other(error) => error,
        UpdateError::Conflict { .. } => panic!("expected an error, got a conflict"),
    }
}

// ---- the fixtures ----

#[test]
fn every_fixture_parses_and_carries_fields_countersign_does_not_read() {
    let dir = format!("{}/tests/fixtures/zendesk", env!("CARGO_MANIFEST_DIR"));
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    let tickets = |value: &Value| -> Vec<Ticket> { serde_json::from_value(value.clone()).unwrap() };
    for file in &names {
        let name = file.strip_suffix(".json").unwrap();
        let value = fixture(name);
        let object = value.as_object().unwrap();
        match name {
            "ticket_show" | "ticket_update" => {
                let ticket: Ticket = serde_json::from_value(value["ticket"].clone()).unwrap();
                assert_eq!(ticket.id, TICKET);
                assert!(value["ticket"].get("raw_subject").is_some());
                if name == "ticket_show" {
                    let users: Vec<User> = serde_json::from_value(value["users"].clone()).unwrap();
                    assert!(users
                        .iter()
                        .any(|user| user.id == REQUESTER && !user.is_staff()));
                    let groups: Vec<Group> =
                        serde_json::from_value(value["groups"].clone()).unwrap();
                    assert_eq!(groups[0].name, "General");
                    assert_eq!(ticket.custom_fields.len(), 4);
                } else {
                    assert!(object.contains_key("audit"));
                    assert_eq!(ticket.status, "solved");
                }
            }
            "comments_page1" | "comments_page2" => {
                let comments: Vec<Comment> =
                    serde_json::from_value(value["comments"].clone()).unwrap();
                assert!(!comments.is_empty());
                assert!(comments.iter().all(|c| !c.text().is_empty()));
                assert!(value["comments"][0].get("metadata").is_some());
                assert!(value["meta"].get("before_cursor").is_some());
            }
            "search_page1" | "search_page2" => {
                let found = tickets(&value["results"]);
                assert!(!found.is_empty());
                assert!(object.contains_key("facets") && object.contains_key("count"));
                assert!(value["results"][0].get("result_type").is_some());
            }
            "view_tickets_page1" | "view_tickets_page2" => {
                assert!(!tickets(&value["tickets"]).is_empty());
                assert!(object.contains_key("links"));
            }
            "groups" => {
                let groups: Vec<Group> = serde_json::from_value(value["groups"].clone()).unwrap();
                assert_eq!(groups.len(), 5);
                assert!(value["groups"][0].get("is_public").is_some());
            }
            "user_me" => {
                let user: User = serde_json::from_value(value["user"].clone()).unwrap();
                assert_eq!((user.id, user.role.as_deref()), (ME, Some("agent")));
                assert!(value["user"].get("user_fields").is_some());
            }
            "user_me_anonymous" => assert!(value["user"]["id"].is_null()),
            error if error.starts_with("error_") => {
                let status = value["status"].as_u64().unwrap();
                assert!((400..600).contains(&status), "{name}");
                assert!(
                    value["headers"].is_object() && !value["body"].is_null(),
                    "{name}"
                );
            }
            other => panic!("fixture {other} is not checked here: add it"),
        }
    }
    // The one with Zendesk's own update-conflict words.
    assert_eq!(
        fixture("error_409_update_conflict")["body"],
        json!({"error":"UpdateConflict","description":"Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again."})
    );
}

// ---- reads ----

#[test]
fn the_agent_is_read_with_a_basic_api_token_header() {
    let fake = FakeZendesk::start();
    let me = fake.client().me().unwrap();
    assert_eq!((me.id, me.email.as_deref()), (ME, Some(EMAIL)));
    let request = &fake.requests()[0];
    assert_eq!(request.header("authorization"), Some(BASIC));
    assert_eq!(path_of(request), "/api/v2/users/me.json");
}

#[test]
fn an_oauth_sign_in_is_sent_as_a_bearer_token() {
    let fake = FakeZendesk::start();
    fake.state.lock().unwrap().accepted = format!("Bearer {OAUTH_TOKEN}");
    let zendesk = fake.client_with(ZendeskAuth::OAuth {
        access_token: OAUTH_TOKEN.to_owned(),
    });
    assert_eq!(zendesk.me().unwrap().id, ME);
    let expected = format!("Bearer {OAUTH_TOKEN}");
    assert_eq!(
        fake.requests()[0].header("authorization"),
        Some(expected.as_str())
    );
}

#[test]
fn an_anonymous_answer_to_who_am_i_is_a_credentials_refusal() {
    let fake = FakeZendesk::start();
    fake.state.lock().unwrap().anonymous = true;
    let error = fake.client().me().unwrap_err();
    assert!(refused(&error).contains("did not accept the credentials"));
}

#[test]
fn my_open_tickets_follow_the_searchs_next_page() {
    let fake = FakeZendesk::start();
    let tickets = fake.client().my_open_tickets().unwrap();
    let ids: Vec<u64> = tickets.iter().map(|ticket| ticket.id).collect();
    // 35437 is on both pages (the search moved under it): kept once.
    assert_eq!(ids, vec![35436, 35437, 35440, 35441]);
    let statuses: Vec<&str> = tickets.iter().map(|t| t.status.as_str()).collect();
    assert_eq!(statuses, vec!["open", "new", "pending", "hold"]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(path_of(first), "/api/v2/search.json");
    assert_eq!(
        first.query_pairs(),
        vec![(
            "query".to_owned(),
            "type:ticket assignee:me status<solved".to_owned()
        )]
    );
    // Percent-encoded on the wire: no raw space, colon or `<`.
    let raw = first.path.split_once('?').unwrap().1;
    assert!(
        !raw.contains(' ') && !raw.contains('<') && !raw.contains(':'),
        "{raw}"
    );
    assert!(raw.contains("%3Csolved"), "{raw}");
    let second = &requests[1];
    assert_eq!(path_of(second), "/api/v2/search.json");
    let next = query(second);
    assert_eq!(next.get("page").map(String::as_str), Some("2"));
    assert_eq!(
        next.get("query").map(String::as_str),
        Some(zendesk::MY_OPEN_TICKETS)
    );
    assert_eq!(second.header("authorization"), Some(BASIC));
}

#[test]
fn a_next_page_on_another_host_is_not_followed() {
    let fake = FakeZendesk::start();
    fake.state.lock().unwrap().rewrite_links = false;
    let error = fake.client().my_open_tickets().unwrap_err();
    let message = refused(&error);
    assert!(message.contains("another address"), "{message}");
    assert!(message.contains("countersign.zendesk.com"), "{message}");
    assert_eq!(fake.requests().len(), 1);
}

#[test]
fn a_views_tickets_are_read_across_cursor_pages() {
    let fake = FakeZendesk::start();
    let tickets = fake.client().view_tickets(VIEW).unwrap();
    let ids: Vec<u64> = tickets.iter().map(|ticket| ticket.id).collect();
    assert_eq!(ids, vec![35436, 35437, 35442]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2);
    let cursor = fixture("view_tickets_page1")["meta"]["after_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        query(&requests[0]),
        HashMap::from([("page[size]".to_owned(), "100".to_owned())])
    );
    assert_eq!(
        query(&requests[1]),
        HashMap::from([
            ("page[size]".to_owned(), "100".to_owned()),
            ("page[after]".to_owned(), cursor),
        ])
    );
    for request in &requests {
        assert_eq!(
            path_of(request),
            format!("/api/v2/views/{VIEW}/tickets.json")
        );
    }
    let missing = fake.client().view_tickets(7).unwrap_err();
    assert!(refused(&missing).contains("no view 7, or this agent cannot see it"));
}

#[test]
fn a_ticket_comes_with_every_comment_and_its_requester() {
    let fake = FakeZendesk::start();
    let thread = fake.client().ticket(TICKET).unwrap();
    assert_eq!(thread.ticket.id, TICKET);
    assert_eq!(
        thread.ticket.subject.as_deref(),
        Some("Where is my keyboard order?")
    );
    let ids: Vec<u64> = thread.comments.iter().map(|comment| comment.id).collect();
    assert_eq!(ids, vec![1274, 1275, 1276, 1277, 1278]);
    let requester = thread.requester.as_ref().unwrap();
    assert_eq!(
        (requester.id, requester.email.as_deref()),
        (REQUESTER, Some("ava.smith4465@example.com"))
    );
    assert!(thread.users.get(&ME).unwrap().is_staff());
    assert_eq!(thread.groups.get(&98_738).unwrap().name, "General");
    assert_eq!(thread.comments[4].author_id, None, "Zendesk itself is -1");
    assert_eq!(
        thread.comments[3].attachments[0].file_name.as_deref(),
        Some("dented-box.jpg")
    );
    // One read of the ticket, three pages of comments (two a page).
    let requests = fake.requests();
    assert_eq!(requests.len(), 4);
    assert_eq!(
        query(&requests[0]).get("include").map(String::as_str),
        Some("users,groups")
    );
    let after: Vec<Option<String>> = requests[1..]
        .iter()
        .map(|request| {
            assert_eq!(
                path_of(request),
                format!("/api/v2/tickets/{TICKET}/comments.json")
            );
            assert_eq!(
                query(request).get("include").map(String::as_str),
                Some("users")
            );
            query(request).get("page[after]").cloned()
        })
        .collect();
    assert_eq!(
        after,
        vec![None, Some("cmt-2".to_owned()), Some("cmt-4".to_owned())]
    );
    let missing = fake.client().ticket(99).unwrap_err();
    assert_eq!(
        refused(&missing),
        "Zendesk has no ticket 99, or this agent cannot see it"
    );
}

// ---- updates ----

#[test]
fn a_public_reply_that_solves_the_ticket() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let seen = zendesk.ticket(TICKET).unwrap();
    let update = TicketUpdate::reply(
        "Sorry about the box, Ava. A replacement is on its way.",
        Some(TicketStatus::Solved),
    );
    let ticket = zendesk
        .update(TICKET, &update, &seen.ticket.updated_at)
        .unwrap();
    assert_eq!(ticket.status, "solved");
    assert_ne!(ticket.updated_at, seen.ticket.updated_at);
    let puts = fake.puts();
    assert_eq!(puts.len(), 1);
    assert_eq!(path_of(&puts[0]), format!("/api/v2/tickets/{TICKET}.json"));
    assert_eq!(puts[0].header("authorization"), Some(BASIC));
    assert_eq!(
        puts[0].json(),
        json!({ "ticket": {
            "comment": { "body": "Sorry about the box, Ava. A replacement is on its way.", "public": true },
            "status": "solved",
            "safe_update": true,
            "updated_stamp": "2026-11-24T09:16:00Z"
        } })
    );
    let after = zendesk.ticket(TICKET).unwrap().to_domain().unwrap();
    assert_eq!(after.status, TicketStatus::Solved);
    let last = after.messages.last().unwrap();
    assert_eq!((last.author, last.internal), (Author::Agent, false));
}

#[test]
fn an_internal_note_changes_nothing_else() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let seen = zendesk.ticket(TICKET).unwrap();
    let ticket = zendesk
        .update(
            TICKET,
            &TicketUpdate::note("Carrier claim opened."),
            &seen.ticket.updated_at,
        )
        .unwrap();
    assert_eq!(ticket.status, "open");
    assert_eq!(
        fake.puts()[0].json(),
        json!({ "ticket": {
            "comment": { "body": "Carrier claim opened.", "public": false },
            "safe_update": true,
            "updated_stamp": seen.ticket.updated_at
        } })
    );
    let after = zendesk.ticket(TICKET).unwrap().to_domain().unwrap();
    let last = after.messages.last().unwrap();
    assert_eq!(
        (last.author, last.internal, last.body.as_str()),
        (Author::Agent, true, "Carrier claim opened.")
    );
    assert_eq!(after.status, TicketStatus::Open);
}

#[test]
fn a_handoff_routes_to_the_queues_group_with_a_note_and_tags() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let groups = zendesk.groups().unwrap();
    let billing = zendesk::group_of_queue(&groups, QueueName::Billing).unwrap();
    assert_eq!(
        billing.id, BILLING_GROUP,
        "the deleted Billing group is skipped"
    );
    let seen = zendesk.ticket(TICKET).unwrap();
    let update = TicketUpdate::handoff(
        QueueName::Billing,
        billing.id,
        "Customer disputes the charge with their bank.",
    );
    let ticket = zendesk
        .update(TICKET, &update, &seen.ticket.updated_at)
        .unwrap();
    assert_eq!(
        (ticket.group_id, ticket.assignee_id, ticket.status.as_str()),
        (Some(BILLING_GROUP), None, "open")
    );
    assert_eq!(
        fake.puts()[0].json(),
        json!({ "ticket": {
            "comment": { "body": "Handoff to billing:\nCustomer disputes the charge with their bank.", "public": false },
            "status": "open",
            "group_id": BILLING_GROUP,
            "assignee_id": null,
            "additional_tags": ["countersign_handoff", "countersign_queue_billing"],
            "safe_update": true,
            "updated_stamp": seen.ticket.updated_at
        } })
    );
    // The earlier tags stay: additional_tags adds.
    let tags = fake.ticket_now()["tags"].clone();
    assert_eq!(
        tags,
        json!([
            "order_status",
            "keyboard",
            "countersign_handoff",
            "countersign_queue_billing"
        ])
    );
    let routed = zendesk.ticket(TICKET).unwrap().to_domain().unwrap();
    assert_eq!(
        (routed.status, routed.queue),
        (TicketStatus::Escalated, Some(QueueName::Billing))
    );

    // Routing by hand: group, status and tags set one by one.
    let by_hand = TicketUpdate {
        status: Some("pending".to_owned()),
        group_id: Some(98_741),
        assignee: Some(Assignee::Agent(1_900_544)),
        add_tags: vec!["vip_followup".to_owned()],
        ..TicketUpdate::default()
    };
    zendesk
        .update(
            TICKET,
            &by_hand,
            fake.ticket_now()["updated_at"].as_str().unwrap(),
        )
        .unwrap();
    let sent = fake.puts()[1].json();
    assert_eq!(sent["ticket"]["group_id"], json!(98_741));
    assert_eq!(sent["ticket"]["assignee_id"], json!(1_900_544));
    assert_eq!(sent["ticket"]["status"], json!("pending"));
    assert_eq!(sent["ticket"]["additional_tags"], json!(["vip_followup"]));
    assert!(sent["ticket"].get("comment").is_none());
    assert_eq!(sent["ticket"]["safe_update"], json!(true));
}

#[test]
fn a_conflict_reads_the_ticket_again_and_sends_nothing_more() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let seen = zendesk.ticket(TICKET).unwrap();
    let newer = fake.customer_writes("Actually, it just arrived. Never mind!");
    let update = TicketUpdate::reply("A replacement is on its way.", Some(TicketStatus::Solved));
    let error = zendesk
        .update(TICKET, &update, &seen.ticket.updated_at)
        .unwrap_err();
    assert!(error.to_string().contains("confirm again"), "{error}");
    let UpdateError::Conflict { latest } = error else {
        panic!("expected a conflict, got {error:?}");
    };
    assert_eq!(latest.ticket.updated_at, newer);
    assert_eq!(
        latest.comments.last().unwrap().text(),
        "Actually, it just arrived. Never mind!"
    );
    assert_eq!(
        fake.puts().len(),
        1,
        "a conflicting update is never retried"
    );
    assert_eq!(fake.ticket_now()["status"], json!("open"));
    // The agent saw what changed and confirms again: that goes through.
    zendesk
        .update(
            TICKET,
            &TicketUpdate::reply("Glad it arrived!", Some(TicketStatus::Solved)),
            &latest.ticket.updated_at,
        )
        .unwrap();
    assert_eq!(fake.puts().len(), 2);
    assert_eq!(fake.ticket_now()["status"], json!("solved"));
}

#[test]
fn an_empty_or_malformed_update_is_refused_before_anything_is_sent() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let stamp = "2026-11-24T09:16:00Z";
    for (update, stamp, words) in [
        (TicketUpdate::default(), stamp, "nothing to change"),
        (TicketUpdate::note("   "), stamp, "comment is empty"),
        (TicketUpdate::note("ok"), "", "updated_at"),
        (
            TicketUpdate {
                status: Some("escalated".to_owned()),
                ..TicketUpdate::default()
            },
            stamp,
            "not a Zendesk ticket status",
        ),
        (
            TicketUpdate {
                add_tags: vec!["two words".to_owned()],
                ..TicketUpdate::default()
            },
            stamp,
            "not a Zendesk tag",
        ),
    ] {
        let error = other(zendesk.update(TICKET, &update, stamp).unwrap_err());
        assert!(refused(&error).contains(words), "{error}");
    }
    assert!(fake.requests().is_empty());
}

// ---- failures ----

#[test]
fn a_429_is_transient_with_zendesks_wait() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    fake.fail_next("error_429");
    match zendesk.me().unwrap_err() {
        ExecError::Transient {
            message,
            retry_after,
        } => {
            assert_eq!(retry_after, Some(Duration::from_secs(93)));
            assert!(message.contains("rate-limiting"), "{message}");
        }
        other => panic!("expected transient, got {other:?}"),
    }
    fake.fail_next("error_429");
    let error = other(
        zendesk
            .update(TICKET, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z")
            .unwrap_err(),
    );
    assert!(matches!(
        error,
        ExecError::Transient { retry_after: Some(wait), .. } if wait == Duration::from_secs(93)
    ));
    assert_eq!(fake.puts().len(), 1);
    assert_eq!(
        fake.ticket_now()["updated_at"],
        json!("2026-11-24T09:16:00Z")
    );
}

#[test]
fn a_500_is_transient() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    fake.fail_next("error_500");
    match zendesk.view_tickets(VIEW).unwrap_err() {
        ExecError::Transient {
            message,
            retry_after,
        } => {
            assert!(message.contains("500"), "{message}");
            assert_eq!(retry_after, None);
        }
        other => panic!("expected transient, got {other:?}"),
    }
    // A 500 on the second page fails the whole read: no half list.
    {
        let mut state = fake.state.lock().unwrap();
        state.faults.extend([None, Some("error_500")]);
    }
    assert!(matches!(
        zendesk.view_tickets(VIEW),
        Err(ExecError::Transient { .. })
    ));
    fake.fail_next("error_500");
    assert!(matches!(
        zendesk.update(TICKET, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z"),
        Err(UpdateError::Other(ExecError::Transient { .. }))
    ));
    assert_eq!(
        fake.ticket_now()["updated_at"],
        json!("2026-11-24T09:16:00Z")
    );
}

#[test]
fn wrong_credentials_are_refused_in_plain_words_and_never_shown() {
    let fake = FakeZendesk::start();
    let wrong_token = "zd_WrongTokenNotTheOne77";
    let api = fake.client_with(ZendeskAuth::ApiToken {
        email: EMAIL.to_owned(),
        token: wrong_token.to_owned(),
    });
    let wrong_bearer = "zdoauth_ExpiredAccessToken55";
    let oauth = fake.client_with(ZendeskAuth::OAuth {
        access_token: wrong_bearer.to_owned(),
    });
    let mut errors: Vec<String> = Vec::new();
    for zendesk in [&api, &oauth] {
        errors.push(zendesk.me().unwrap_err().to_string());
        errors.push(zendesk.ticket(TICKET).unwrap_err().to_string());
        errors.push(
            zendesk
                .update(TICKET, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z")
                .unwrap_err()
                .to_string(),
        );
    }
    let sent: Vec<String> = fake
        .requests()
        .iter()
        .filter_map(|request| request.header("authorization").map(str::to_owned))
        .collect();
    assert!(sent.contains(&format!("Bearer {wrong_bearer}")));
    let basic = sent
        .iter()
        .find(|value| value.starts_with("Basic "))
        .unwrap()
        .clone();
    for text in &errors {
        assert!(
            text.contains("Zendesk did not accept the credentials: the token is wrong, expired or revoked; sign in again in Settings"),
            "{text}"
        );
        for secret in [wrong_token, wrong_bearer, basic.as_str(), &basic[6..]] {
            assert!(!text.contains(secret), "{text}");
        }
    }
    for debug in [
        format!("{api:?}"),
        format!("{oauth:?}"),
        format!(
            "{:?}",
            ZendeskAuth::ApiToken {
                email: EMAIL.to_owned(),
                token: wrong_token.to_owned()
            }
        ),
        format!(
            "{:?}",
            ZendeskAuth::OAuth {
                access_token: wrong_bearer.to_owned()
            }
        ),
    ] {
        for secret in [wrong_token, wrong_bearer, &basic[6..]] {
            assert!(!debug.contains(secret), "{debug}");
        }
        assert!(debug.contains("<redacted>"), "{debug}");
    }
    assert_eq!(fake.puts().len(), 2, "the PUT was sent and refused");
    assert_eq!(
        fake.ticket_now()["updated_at"],
        json!("2026-11-24T09:16:00Z")
    );
}

#[test]
fn a_403_names_the_missing_permission_and_other_4xx_say_zendesks_words() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    fake.fail_next("error_403");
    let read = zendesk.ticket(TICKET).unwrap_err();
    let read = refused(&read);
    assert!(read.contains("read ticket 35436"), "{read}");
    assert!(read.contains("tickets:read"), "{read}");
    assert!(
        read.contains("You do not have access to this page"),
        "{read}"
    );
    fake.fail_next("error_403");
    let write = other(
        zendesk
            .update(TICKET, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z")
            .unwrap_err(),
    );
    let write = refused(&write);
    assert!(write.contains("update ticket 35436"), "{write}");
    assert!(write.contains("tickets:write"), "{write}");
    assert!(write.contains("nothing on the ticket changed"), "{write}");
    fake.fail_next("error_422");
    let invalid = other(
        zendesk
            .update(TICKET, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z")
            .unwrap_err(),
    );
    let invalid = refused(&invalid);
    assert!(invalid.contains("(422)"), "{invalid}");
    assert!(
        invalid.contains("Status: closed prevents ticket update"),
        "{invalid}"
    );
    let missing = other(
        zendesk
            .update(98_765, &TicketUpdate::note("n"), "2026-11-24T09:16:00Z")
            .unwrap_err(),
    );
    assert!(refused(&missing).contains("no ticket 98765, or this agent cannot see it"));
}

#[test]
fn only_https_addresses_and_usable_credentials_are_accepted() {
    let token = || ZendeskAuth::ApiToken {
        email: EMAIL.to_owned(),
        token: API_TOKEN.to_owned(),
    };
    let second = Duration::from_secs(1);
    assert!(Zendesk::new("https://acme.zendesk.com", token(), second).is_ok());
    assert!(Zendesk::new("http://127.0.0.1:9", token(), second).is_ok());
    assert!(Zendesk::new("http://localhost:9", token(), second).is_ok());
    for address in [
        "http://acme.zendesk.com",
        "acme.zendesk.com",
        "ftp://acme.zendesk.com",
        "https://agent:pw@acme.zendesk.com",
    ] {
        assert!(Zendesk::new(address, token(), second).is_err(), "{address}");
    }
    for auth in [
        ZendeskAuth::ApiToken {
            email: EMAIL.to_owned(),
            token: " ".to_owned(),
        },
        ZendeskAuth::ApiToken {
            email: "alex".to_owned(),
            token: API_TOKEN.to_owned(),
        },
        ZendeskAuth::OAuth {
            access_token: String::new(),
        },
        ZendeskAuth::OAuth {
            access_token: "bad\ntoken".to_owned(),
        },
    ] {
        let error = Zendesk::new("https://acme.zendesk.com", auth, second).unwrap_err();
        assert!(!error.to_string().contains("bad\ntoken"));
    }
}

// ---- the domain ----

#[test]
fn a_thread_becomes_the_stores_ticket() {
    let fake = FakeZendesk::start();
    let thread = fake.client().ticket(TICKET).unwrap();
    let ticket = thread.to_domain().unwrap();
    assert_eq!(ticket.id.as_str(), "35436");
    assert_eq!(ticket.channel, "email");
    assert_eq!(ticket.from.name.as_deref(), Some("Ava Smith"));
    assert_eq!(
        ticket.from.email.as_deref(),
        Some("ava.smith4465@example.com")
    );
    assert_eq!(
        ticket.subject.as_deref(),
        Some("Where is my keyboard order?")
    );
    assert_eq!(ticket.created_at.to_rfc3339(), "2026-11-23T16:42:00+00:00");
    assert_eq!(ticket.status, TicketStatus::Open);
    assert_eq!(ticket.queue, None);
    assert_eq!(ticket.gold, None);
    let shape: Vec<(Author, bool)> = ticket
        .messages
        .iter()
        .map(|message| (message.author, message.internal))
        .collect();
    assert_eq!(
        shape,
        vec![
            (Author::Customer, false),
            (Author::Agent, true),
            (Author::Agent, false),
            (Author::Customer, false),
            (Author::Agent, true),
        ]
    );
    assert!(ticket.messages[0].body.starts_with("Hello,\n\nI ordered"));
    assert_eq!(
        ticket.messages[3].body,
        "Thanks! The box arrived dented though, photo attached.\n\n[attached in Zendesk: dented-box.jpg]"
    );
    assert_eq!(
        ticket.messages[2].at.to_rfc3339(),
        "2026-11-23T17:06:40+00:00"
    );
    // The customer's words are the customer's comments only.
    let words = ticket.customer_text();
    assert!(words.contains("arrived dented"));
    assert!(!words.contains("shipped on the 21st with tracking"));
    assert!(!words.contains("Customer is on file"));
}

fn with(thread: &TicketThread, status: &str, tags: &[&str], group: Option<u64>) -> TicketThread {
    let mut thread = thread.clone();
    thread.ticket.status = status.to_owned();
    thread.ticket.tags = tags.iter().map(|tag| (*tag).to_owned()).collect();
    thread.ticket.group_id = group;
    thread
}

#[test]
fn statuses_handoffs_and_queues_map_onto_the_domain() {
    let fake = FakeZendesk::start();
    let zendesk = fake.client();
    let mut thread = zendesk.ticket(TICKET).unwrap();
    for group in zendesk.groups().unwrap() {
        thread.groups.insert(group.id, group);
    }
    let domain = |thread: &TicketThread| {
        let ticket = thread.to_domain().unwrap();
        (ticket.status, ticket.queue)
    };
    for status in ["new", "open", "pending", "hold"] {
        assert_eq!(
            domain(&with(&thread, status, &["vip"], Some(98_738))),
            (TicketStatus::Open, None),
            "{status}"
        );
    }
    for status in ["solved", "closed"] {
        assert_eq!(
            domain(&with(
                &thread,
                status,
                &[zendesk::HANDOFF_TAG],
                Some(98_740)
            )),
            (TicketStatus::Solved, None),
            "{status}"
        );
    }
    // A handoff: the queue tag names the queue...
    assert_eq!(
        domain(&with(
            &thread,
            "open",
            &[zendesk::HANDOFF_TAG, "countersign_queue_senior_support"],
            Some(98_738)
        )),
        (TicketStatus::Escalated, Some(QueueName::SeniorSupport))
    );
    // ...else the group it was routed to, by name...
    assert_eq!(
        domain(&with(
            &thread,
            "pending",
            &[zendesk::HANDOFF_TAG],
            Some(98_740)
        )),
        (TicketStatus::Escalated, Some(QueueName::TrustSafety))
    );
    // ...else general.
    assert_eq!(
        domain(&with(&thread, "open", &[zendesk::HANDOFF_TAG], None)),
        (TicketStatus::Escalated, Some(QueueName::General))
    );
    // A group alone is not a handoff.
    assert_eq!(
        domain(&with(&thread, "open", &[], Some(BILLING_GROUP))),
        (TicketStatus::Open, None)
    );
    assert_eq!(
        zendesk::queue_of_group("Trust & Safety"),
        Some(QueueName::TrustSafety)
    );
    assert_eq!(
        zendesk::queue_of_group("trust and safety"),
        Some(QueueName::TrustSafety)
    );
    assert_eq!(
        zendesk::queue_of_group(" Senior  Support "),
        Some(QueueName::SeniorSupport)
    );
    assert_eq!(zendesk::queue_of_group("Billing (old)"), None);
    assert_eq!(zendesk::status_name(TicketStatus::Escalated), "open");
    assert_eq!(zendesk::status_name(TicketStatus::Solved), "solved");

    // Chat and messaging channels are the store's chat.
    let mut chat = thread.clone();
    chat.ticket.via = serde_json::from_value(json!({ "channel": "native_messaging" })).unwrap();
    assert_eq!(chat.to_domain().unwrap().channel, "chat");

    // A time that is not one: no ticket rather than a wrong one.
    thread.comments[1].created_at = "yesterday".to_owned();
    assert!(thread.to_domain().is_none());
}

//! The IPC commands: each unpacks state, calls the desk core, and returns its
//! typed result or `DeskError`. Nothing else belongs here.

use std::sync::Arc;

use countersign_core::credentials::{
    ConnectionCheck, ConnectionKind, ConnectionSettings, ConnectionStatus, Connections, Secret,
};
use countersign_core::{
    ApprovalResult, AuditQuery, DeskError, PolicyStatus, Prefs, PrefsFile, RouteTicket, SendReply,
    TicketSummary, TicketView,
};
use countersign_domain::{Action, Agent, AgentId, AuditEntry, TicketId, Verdict};
use tauri::{Manager, State};

use crate::links::StartupLink;
use crate::state::DeskState;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn list_queue(
    state: State<'_, DeskState>,
    agent_id: Option<AgentId>,
) -> Result<Vec<TicketSummary>, DeskError> {
    state.with(|desk| desk.queue(agent_id.as_ref()))
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn open_ticket(
    state: State<'_, DeskState>,
    id: TicketId,
) -> Result<TicketView, DeskError> {
    state.with(|desk| desk.ticket(&id))
}

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn list_agents(state: State<'_, DeskState>) -> Result<Vec<Agent>, DeskError> {
    state.with(|desk| desk.agents())
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn approve_action(
    state: State<'_, DeskState>,
    ticket_id: TicketId,
    action_index: u32,
    agent_id: AgentId,
    edited: Option<Action>,
) -> Result<ApprovalResult, DeskError> {
    state.with(|desk| desk.approve(&ticket_id, action_index, &agent_id, edited.as_ref()))
}

/// The live verdict on an action as the agent edits it; nothing is recorded.
#[tauri::command]
#[tracing::instrument(skip(state, edited), err)]
pub async fn judge_action(
    state: State<'_, DeskState>,
    ticket_id: TicketId,
    action_index: u32,
    agent_id: AgentId,
    edited: Action,
) -> Result<Verdict, DeskError> {
    state.with(|desk| desk.judge(&ticket_id, action_index, &agent_id, &edited))
}

/// The reply's text is the customer's business, not the log's.
#[tauri::command]
#[tracing::instrument(skip_all, fields(ticket = %request.ticket_id), err)]
pub async fn send_reply(
    state: State<'_, DeskState>,
    request: SendReply,
) -> Result<TicketView, DeskError> {
    state.with(|desk| desk.send_reply(&request))
}

#[tauri::command]
#[tracing::instrument(skip_all, fields(ticket = %request.ticket_id, queue = request.queue.as_str()), err)]
pub async fn route_ticket(
    state: State<'_, DeskState>,
    request: RouteTicket,
) -> Result<TicketView, DeskError> {
    state.with(|desk| desk.route_ticket(&request))
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn get_prefs(prefs: State<'_, PrefsFile>) -> Result<Prefs, DeskError> {
    Ok(prefs.load())
}

/// Saves the desk's preferences and applies the window's at once.
#[tauri::command]
#[tracing::instrument(skip(prefs, window), err)]
pub async fn set_prefs(
    window: tauri::WebviewWindow,
    prefs: State<'_, PrefsFile>,
    new: Prefs,
) -> Result<Prefs, DeskError> {
    prefs.save(&new)?;
    crate::apply_window_prefs(&window, &new);
    Ok(new)
}

/// Shows a desktop notification unless the agent switched them off; tells
/// whether one was shown.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn notify(
    prefs: State<'_, PrefsFile>,
    title: String,
    body: String,
) -> Result<bool, DeskError> {
    if !prefs.load().notifications {
        return Ok(false);
    }
    let shown =
        tauri::async_runtime::spawn_blocking(move || crate::notifications::show(&title, &body))
            .await
            .map_err(|error| {
                DeskError::storage(format!("The notification task stopped: {error}"))
            })?;
    match shown {
        Ok(()) => Ok(true),
        Err(error) => {
            tracing::warn!(%error, "no desktop notification service answered");
            Ok(false)
        }
    }
}

/// The deep link the desk was started with, handed over once.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn take_startup_link(app: tauri::AppHandle) -> Result<Option<String>, DeskError> {
    Ok(app.state::<StartupLink>().take())
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn policy_status(state: State<'_, DeskState>) -> Result<PolicyStatus, DeskError> {
    state.with(|desk| Ok(desk.policy_status()))
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn list_audit(
    state: State<'_, DeskState>,
    ticket_id: Option<TicketId>,
) -> Result<Vec<AuditEntry>, DeskError> {
    state.with(|desk| desk.audit(ticket_id.as_ref()))
}

/// The query is not logged: a customer id spells the customer's name.
#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn search_audit(
    state: State<'_, DeskState>,
    query: AuditQuery,
) -> Result<Vec<AuditEntry>, DeskError> {
    state.with(|desk| desk.audit_search(&query))
}

/// The agent's connections: settings and whether a credential is stored, never
/// the credential.
#[tauri::command]
#[tracing::instrument(skip(connections), err)]
pub async fn list_connections(
    connections: State<'_, Arc<Connections>>,
    agent_id: AgentId,
) -> Result<Vec<ConnectionStatus>, DeskError> {
    off_the_runtime(&connections, move |c| c.list(&agent_id)).await
}

/// The secret is wrapped in `Secret` as it is deserialised; nothing here logs
/// the arguments.
#[tauri::command]
#[tracing::instrument(skip_all, fields(kind = %settings.kind), err)]
pub async fn save_connection(
    connections: State<'_, Arc<Connections>>,
    settings: ConnectionSettings,
    secret: Option<Secret>,
) -> Result<ConnectionStatus, DeskError> {
    off_the_runtime(&connections, move |c| c.save(settings, secret)).await
}

#[tauri::command]
#[tracing::instrument(skip(connections), err)]
pub async fn remove_credential(
    connections: State<'_, Arc<Connections>>,
    agent_id: AgentId,
    kind: ConnectionKind,
) -> Result<ConnectionStatus, DeskError> {
    off_the_runtime(&connections, move |c| c.remove_credential(&agent_id, kind)).await
}

#[tauri::command]
#[tracing::instrument(skip(connections), err)]
pub async fn test_connection(
    connections: State<'_, Arc<Connections>>,
    agent_id: AgentId,
    kind: ConnectionKind,
) -> Result<ConnectionCheck, DeskError> {
    off_the_runtime(&connections, move |c| c.test(&agent_id, kind)).await
}

/// The keychain (D-Bus, perhaps an unlock prompt) and the blocking HTTP client
/// of "Test connection" must not hold an async worker thread: they run on a
/// blocking one.
async fn off_the_runtime<T: Send + 'static>(
    connections: &Arc<Connections>,
    call: impl FnOnce(&Connections) -> Result<T, DeskError> + Send + 'static,
) -> Result<T, DeskError> {
    let connections = Arc::clone(connections);
    tauri::async_runtime::spawn_blocking(move || call(&connections))
        .await
        .map_err(|error| {
            tracing::error!(%error, "a connections task stopped");
            DeskError {
                code: countersign_core::ErrorCode::Storage,
                message: "The connection settings could not be reached; try again.".into(),
            }
        })?
}

#[tauri::command]
#[tracing::instrument(skip(state, text), err)]
pub async fn save_draft(
    state: State<'_, DeskState>,
    ticket_id: TicketId,
    text: String,
) -> Result<(), DeskError> {
    state.with(|desk| desk.save_draft(&ticket_id, &text))
}

#[tauri::command]
#[tracing::instrument(skip(state), err)]
pub async fn discard_draft(
    state: State<'_, DeskState>,
    ticket_id: TicketId,
) -> Result<(), DeskError> {
    state.with(|desk| desk.discard_draft(&ticket_id))
}

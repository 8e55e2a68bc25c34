//! The IPC commands: each unpacks state, calls the desk core, and returns its
//! typed result or `DeskError`. Nothing else belongs here.

use countersign_core::{
    ApprovalResult, AuditQuery, DeskError, PolicyStatus, TicketSummary, TicketView,
};
use countersign_domain::{Agent, AgentId, AuditEntry, TicketId};
use tauri::State;

use crate::state::DeskState;

#[tauri::command]
#[tracing::instrument(skip_all, err)]
pub async fn list_queue(state: State<'_, DeskState>) -> Result<Vec<TicketSummary>, DeskError> {
    state.with(|desk| desk.queue())
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
) -> Result<ApprovalResult, DeskError> {
    state.with(|desk| desk.approve(&ticket_id, action_index, &agent_id))
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

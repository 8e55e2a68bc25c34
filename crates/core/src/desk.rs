use std::path::Path;

use countersign_domain::*;
use countersign_engine::{render_reply, Directory, Engine};
use countersign_policy::{Policy, PolicyConfig};
use countersign_store::Store;

use countersign_exec::retry::RetryPolicy;

use crate::gate::{self, Approval, SandboxSystem};

use crate::view::{
    ApprovalResult, AuditQuery, PolicyProblem, PolicyStatus, ProposalState, TicketSummary,
    TicketView,
};
use crate::DeskError;

mod helpdesk;
pub use helpdesk::{queue_label, works_queue};

/// The engine's window onto the sandbox store. Read failures are logged and read
/// as "not found": triage then asks the customer rather than guess.
pub struct StoreDirectory<'a>(pub &'a Store);

impl Directory for StoreDirectory<'_> {
    fn customer_by_email(&self, email: &str) -> Option<Customer> {
        self.0
            .customer_by_email(email)
            .inspect_err(|error| tracing::warn!(%error, "customer lookup by email failed"))
            .ok()
            .flatten()
    }

    fn customers_by_zip(&self, zip: &str) -> Vec<Customer> {
        self.0
            .customers_by_zip(zip)
            .inspect_err(|error| tracing::warn!(%error, "customer lookup by zip failed"))
            .unwrap_or_default()
    }

    fn context(&self, customer: &CustomerId) -> Option<CustomerContext> {
        self.0
            .customer_context(customer)
            .inspect_err(|error| tracing::warn!(%error, "customer context read failed"))
            .ok()
            .flatten()
    }

    fn catalog(&self) -> Vec<Product> {
        self.0
            .products()
            .inspect_err(|error| tracing::warn!(%error, "catalogue read failed"))
            .unwrap_or_default()
    }

    fn product_names(&self) -> Vec<String> {
        self.0
            .product_names()
            .inspect_err(|error| tracing::warn!(%error, "product names read failed"))
            .unwrap_or_default()
    }
}

pub struct Desk {
    store: Store,
    policy: Policy,
    /// Where `policy` came from.
    policy_source: String,
    /// The last policy file refused, while the policy in force stays.
    policy_problem: Option<PolicyProblem>,
    engine: Engine,
}

impl std::fmt::Debug for Desk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Desk").field("store", &self.store).finish()
    }
}

impl Desk {
    pub fn new(store: Store) -> Desk {
        Desk::with_policy(store, Policy::sandbox(), "the shipped sandbox policy")
    }

    /// The desk judging every action by `policy`.
    pub fn with_policy(store: Store, policy: Policy, source: impl Into<String>) -> Desk {
        Desk {
            store,
            engine: Engine::new(policy.clone()),
            policy,
            policy_source: source.into(),
            policy_problem: None,
        }
    }

    /// The desk on the sandbox database at `path`, created on first use.
    /// Approvals interrupted by an earlier stop are reconciled first.
    pub fn open(path: &Path) -> Result<Desk, DeskError> {
        let desk = Desk::new(Store::open_or_create(path)?);
        let reconciled = desk.reconcile()?;
        if !reconciled.is_empty() {
            tracing::info!(
                count = reconciled.len(),
                "approvals interrupted by an earlier stop were reconciled"
            );
        }
        Ok(desk)
    }

    /// Switches to the policy in `path`, only when the whole file is valid: on a
    /// problem the policy in force stays, and the problem is reported (and kept
    /// for `policy_status`) with its line.
    pub fn load_policy_file(&mut self, path: &Path) -> Result<(), DeskError> {
        match PolicyConfig::load(path) {
            Ok(config) => {
                self.policy = Policy::new(config);
                self.engine = Engine::new(self.policy.clone());
                self.policy_source = path.display().to_string();
                self.policy_problem = None;
                tracing::info!(path = %path.display(), "policy file loaded");
                Ok(())
            }
            Err(error) => {
                tracing::warn!(path = %path.display(), %error, "policy file refused; keeping the policy in force");
                let message = format!(
                    "The policy file {} is invalid ({error}); {} stays in force.",
                    path.display(),
                    self.policy_source
                );
                self.policy_problem = Some(PolicyProblem {
                    path: path.display().to_string(),
                    line: error.line.and_then(|line| u32::try_from(line).ok()),
                    message: error.message,
                });
                Err(DeskError::invalid(message))
            }
        }
    }

    pub fn policy_status(&self) -> PolicyStatus {
        let config = self.policy.config();
        PolicyStatus {
            name: config.name.clone(),
            version: config.version,
            source: self.policy_source.clone(),
            rules: u32::try_from(config.rules.len()).unwrap_or(u32::MAX),
            problem: self.policy_problem.clone(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn agents(&self) -> Result<Vec<Agent>, DeskError> {
        Ok(self.store.agents()?)
    }

    /// Triage a ticket for display, judged for the `agent` role, and keep the
    /// proposal so that approvals refer to exactly what was shown.
    fn proposal_for(&self, ticket: &Ticket) -> Result<Proposal, DeskError> {
        if let Some(saved) = self.store.proposal(&ticket.id)? {
            return Ok(saved);
        }
        let triage = self.engine.triage(
            ticket,
            &StoreDirectory(&self.store),
            self.store.clock()?,
            Role::Agent,
        );
        self.store.save_proposal(&triage.proposal)?;
        Ok(triage.proposal)
    }

    /// The tickets `agent` works, newest first: those routed to a queue of theirs
    /// first, then the ones not routed anywhere. Tickets routed to queues they do
    /// not work are left out. Without an agent, every ticket.
    pub fn queue(&self, agent: Option<&AgentId>) -> Result<Vec<TicketSummary>, DeskError> {
        let role = agent
            .map(|id| self.existing_agent(id))
            .transpose()?
            .map(|a| a.role);
        let tickets = self.store.tickets()?;
        let mut summaries = Vec::with_capacity(tickets.len());
        for ticket in tickets {
            let for_you = match (role, ticket.queue) {
                (Some(role), Some(queue)) if works_queue(role, queue) => true,
                (Some(_), Some(_)) => continue,
                _ => false,
            };
            let proposal = self.proposal_for(&ticket)?;
            let outcomes = self.store.action_outcomes(&ticket.id)?;
            summaries.push(TicketSummary {
                preview: preview(&ticket),
                subject: ticket.subject.clone(),
                from_name: ticket.from.name.clone(),
                channel: ticket.channel.clone(),
                created_at: ticket.created_at,
                status: ticket.status,
                intent: proposal.intent,
                confidence: proposal.confidence,
                state: state_of(&proposal, &outcomes),
                sentiment: proposal.sentiment,
                queue: ticket.queue,
                for_you,
                id: ticket.id,
            });
        }
        // Stable: newest first within each group.
        summaries.sort_by_key(|s| !s.for_you);
        Ok(summaries)
    }

    pub fn ticket(&self, id: &TicketId) -> Result<TicketView, DeskError> {
        let ticket = self
            .store
            .ticket(id)?
            .ok_or_else(|| DeskError::not_found(format!("There is no ticket {id}.")))?;
        let mut proposal = self.proposal_for(&ticket)?;
        let context = match &proposal.customer_id {
            Some(customer) => self.store.customer_context(customer)?,
            None => None,
        };
        let mut outcomes = self.store.action_outcomes(id)?;
        // An approval still running or waiting for its system to confirm shows as
        // such, so nobody approves it again in the meantime.
        for open in self.store.unfinished_approvals()? {
            if open.ticket_id.as_ref() != Some(id) {
                continue;
            }
            let Some(index) = open.action_index else {
                continue;
            };
            outcomes.push(ActionOutcome {
                action_index: index as u32,
                outcome: open.state,
                message: match open.state {
                    Outcome::Unconfirmed => "Approved; the system has not confirmed whether it ran. It is asked again when the desk starts.".to_owned(),
                    _ => "Approved; being carried out.".to_owned(),
                },
                audit_id: open.intent_id,
                at: open.created_at,
            });
        }
        // The reply says what was done: an action the agent edited before approving
        // is told as it ran, not as proposed.
        let mut done = proposal.clone();
        for outcome in outcomes.iter().filter(|o| o.outcome == Outcome::Executed) {
            let ran = self
                .store
                .audit_entry(outcome.audit_id)?
                .and_then(|entry| entry.action);
            if let (Some(ran), Some(shown)) =
                (ran, done.actions.get_mut(outcome.action_index as usize))
            {
                shown.action = ran;
            }
        }
        proposal.reply = render_reply(&ticket, context.as_ref(), &done, &outcomes);
        let draft = self.store.reply_draft(id)?;
        Ok(TicketView {
            ticket,
            context,
            proposal,
            outcomes,
            draft,
        })
    }

    /// Approve one action of a ticket's proposal as `agent`. The policy judges it
    /// again on fresh state and for this agent's role; only an allowed action runs,
    /// and every attempt, run or refused, is recorded in the audit table.
    ///
    /// `edited` is the action as the agent changed it (an amount, say); it must be
    /// the same kind of action on the same order, subscription or customer, and it
    /// is judged as edited. The audit keeps both versions.
    pub fn approve(
        &mut self,
        ticket_id: &TicketId,
        action_index: u32,
        agent_id: &AgentId,
        edited: Option<&Action>,
    ) -> Result<ApprovalResult, DeskError> {
        let target = self.target(ticket_id, action_index, agent_id, edited)?;
        let scope = format!(
            "ticket {ticket_id} proposal {} action {action_index}",
            proposal_fingerprint(&target.proposal)
        );
        let proposed = &target.proposal.actions[action_index as usize].action;
        let decided = gate::approve(
            &self.store,
            &self.policy,
            &SandboxSystem::new(&self.store, &target.agent.agent_id),
            &RetryPolicy::default(),
            Approval {
                agent: &target.agent,
                customer: &target.customer,
                action: edited.unwrap_or(proposed),
                proposed: Some(proposed),
                proposal_action: Some((ticket_id, action_index as usize)),
                sender_email: target.ticket.from.email.as_deref(),
                scope: &scope,
            },
        )?;
        let (outcome, message, audit_id) = (decided.outcome, decided.message, decided.audit_id);
        tracing::info!(
            ticket = %ticket_id,
            action = proposed.kind().as_str(),
            outcome = outcome.as_str(),
            audit_id,
            "approval recorded"
        );
        // The ticket stays open: sending the reply that tells the customer what was
        // done is what solves it.
        Ok(ApprovalResult {
            outcome,
            message,
            audit_id,
            view: self.ticket(ticket_id)?,
        })
    }

    /// The policy's verdict on a proposed action as the agent has edited it, for
    /// `agent`, on fresh state: nothing is recorded or run. The desk shows it live.
    pub fn judge(
        &self,
        ticket_id: &TicketId,
        action_index: u32,
        agent_id: &AgentId,
        edited: &Action,
    ) -> Result<Verdict, DeskError> {
        let target = self.target(ticket_id, action_index, agent_id, Some(edited))?;
        gate::judge(
            &self.store,
            &self.policy,
            &Approval {
                agent: &target.agent,
                customer: &target.customer,
                action: edited,
                proposed: None,
                proposal_action: None,
                sender_email: target.ticket.from.email.as_deref(),
                scope: "",
            },
        )
    }

    /// What an approval of `action_index` on `ticket_id` by `agent_id` is about,
    /// with an edit checked against the proposed action.
    fn target(
        &self,
        ticket_id: &TicketId,
        action_index: u32,
        agent_id: &AgentId,
        edited: Option<&Action>,
    ) -> Result<Target, DeskError> {
        let agent = self.existing_agent(agent_id)?;
        let ticket = self.existing_ticket(ticket_id)?;
        let proposal = self.proposal_for(&ticket)?;
        let proposed = proposal.actions.get(action_index as usize).ok_or_else(|| {
            DeskError::invalid(format!(
                "Ticket {ticket_id} has no proposed action number {action_index}."
            ))
        })?;
        if let Some(edited) = edited {
            check_edit(&proposed.action, edited)?;
        }
        let customer = proposal.customer_id.clone().ok_or_else(|| {
            DeskError::invalid(format!(
                "Ticket {ticket_id} is not tied to a customer (R1)."
            ))
        })?;
        Ok(Target {
            agent,
            ticket,
            proposal,
            customer,
        })
    }

    pub(crate) fn existing_ticket(&self, id: &TicketId) -> Result<Ticket, DeskError> {
        self.store
            .ticket(id)?
            .ok_or_else(|| DeskError::not_found(format!("There is no ticket {id}.")))
    }

    pub(crate) fn existing_agent(&self, id: &AgentId) -> Result<Agent, DeskError> {
        self.store
            .agent(id)?
            .ok_or_else(|| DeskError::not_found(format!("There is no agent {id}.")))
    }

    /// Keeps the agent's edited reply for a ticket (an empty text discards it).
    pub fn save_draft(&self, ticket_id: &TicketId, text: &str) -> Result<(), DeskError> {
        if self.store.ticket(ticket_id)?.is_none() {
            return Err(DeskError::not_found(format!(
                "There is no ticket {ticket_id}."
            )));
        }
        if text.trim().is_empty() {
            self.store.discard_reply_draft(ticket_id)?;
        } else {
            self.store.save_reply_draft(ticket_id, text)?;
        }
        Ok(())
    }

    /// Drops the agent's edits: the engine's draft shows again.
    pub fn discard_draft(&self, ticket_id: &TicketId) -> Result<(), DeskError> {
        Ok(self.store.discard_reply_draft(ticket_id)?)
    }

    /// Completes the audit of approvals interrupted by a stop (see
    /// [`gate::reconcile`]); the desk runs it when it opens its database.
    pub fn reconcile(&self) -> Result<Vec<gate::Reconciled>, DeskError> {
        let store = &self.store;
        gate::reconcile(store, &|agent| Box::new(SandboxSystem::new(store, agent)))
    }

    /// The audit log filtered as the audit view asks, newest first.
    pub fn audit_search(&self, query: &AuditQuery) -> Result<Vec<AuditEntry>, DeskError> {
        let mut entries = self.store.audit_query(&countersign_store::AuditFilter {
            ticket: query.ticket_id.clone(),
            customer: query.customer_id.clone(),
            agent: query.agent_id.clone(),
            action: query.action,
            outcome: query.outcome,
            ..countersign_store::AuditFilter::default()
        })?;
        entries.reverse();
        Ok(entries)
    }

    pub fn audit(&self, ticket: Option<&TicketId>) -> Result<Vec<AuditEntry>, DeskError> {
        Ok(self.store.audit_entries(ticket)?)
    }
}

/// An approval's subject, checked: who approves what, on which ticket.
struct Target {
    agent: Agent,
    ticket: Ticket,
    proposal: Proposal,
    customer: CustomerId,
}

/// An agent may change an action's details (an amount, the items), never what it
/// is or what it acts on: that would be a different action than the one proposed.
fn check_edit(proposed: &Action, edited: &Action) -> Result<(), DeskError> {
    if proposed.kind() != edited.kind() {
        return Err(DeskError::invalid(format!(
            "An edit cannot turn a {} into a {}.",
            proposed.kind().as_str().replace('_', " "),
            edited.kind().as_str().replace('_', " ")
        )));
    }
    let subjects = |action: &Action| -> Vec<Resource> {
        action
            .changes()
            .into_iter()
            .filter(|r| !matches!(r, Resource::PaymentMethod(_)))
            .collect()
    };
    if subjects(proposed) != subjects(edited) {
        return Err(DeskError::invalid(
            "An edit cannot move an action to another order, subscription or customer.",
        ));
    }
    Ok(())
}

/// Identifies the proposal an approval was given for (its actions as shown).
fn proposal_fingerprint(proposal: &Proposal) -> String {
    let actions: Vec<&Action> = proposal.actions.iter().map(|a| &a.action).collect();
    fingerprint(&[
        proposal.ticket_id.as_str().as_bytes(),
        &serde_json::to_vec(&actions).unwrap_or_default(),
    ])
}

fn preview(ticket: &Ticket) -> String {
    let body = ticket
        .messages
        .iter()
        .rev()
        .find(|m| m.author == Author::Customer)
        .map(|m| m.body.as_str())
        .unwrap_or_default();
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 120 {
        format!("{}…", flat.chars().take(120).collect::<String>())
    } else {
        flat
    }
}

fn state_of(proposal: &Proposal, outcomes: &[ActionOutcome]) -> ProposalState {
    if proposal.escalate.is_some() && proposal.actions.is_empty() {
        return ProposalState::Escalated;
    }
    if proposal.actions.is_empty() {
        return ProposalState::ReplyOnly;
    }
    let done = (0..proposal.actions.len()).all(|index| {
        outcomes
            .iter()
            .any(|o| o.action_index as usize == index && o.outcome == Outcome::Executed)
    });
    if done {
        ProposalState::Done
    } else {
        ProposalState::Ready
    }
}

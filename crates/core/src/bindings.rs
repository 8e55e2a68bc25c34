//! The TypeScript types of every IPC payload, generated from the Rust types so the
//! UI can never drift from them. `ui/src/ipc/bindings.ts` is this output,
//! committed; a test fails when it is stale (`UPDATE_BINDINGS=1 cargo test -p
//! countersign-core --test bindings` rewrites it).

use countersign_domain::*;
use ts_rs::{Config, TS};

use crate::credentials::{
    CheckOutcome, ConnectionCheck, ConnectionKind, ConnectionSettings, ConnectionStatus,
    CredentialState, LlmApi,
};
use crate::{
    ApprovalResult, AuditQuery, DeskError, ErrorCode, PolicyProblem, PolicyStatus, Prefs,
    ProposalState, RouteTicket, SendReply, TicketSummary, TicketView,
};

macro_rules! declarations {
    ($cfg:expr, $($ty:ty),* $(,)?) => {
        vec![$(format!("export {}", <$ty as TS>::decl($cfg))),*]
    };
}

pub fn typescript_bindings() -> String {
    // i64 values (audit ids) stay far below 2^53, and serde_json writes them as
    // plain numbers.
    let cfg = Config::new().with_large_int("number");
    let cfg = &cfg;
    let declarations: Vec<String> = declarations!(
        cfg,
        // ids and money
        CustomerId,
        OrderId,
        ItemId,
        ProductId,
        PaymentMethodId,
        SubscriptionId,
        PlanId,
        TicketId,
        AgentId,
        Amount,
        // the world
        Address,
        PaymentKind,
        PaymentMethod,
        Customer,
        OrderStatus,
        OrderItem,
        Fulfillment,
        TransactionKind,
        Transaction,
        Order,
        Variant,
        Product,
        Plan,
        SubscriptionStatus,
        Subscription,
        SupportKind,
        SupportHistoryEntry,
        Agent,
        Queue,
        CustomerContext,
        // tickets
        Sender,
        Author,
        Message,
        TicketStatus,
        Ticket,
        // actions and proposals
        CancelReason,
        RefundReason,
        ReshipReason,
        Action,
        ActionKind,
        Intent,
        Role,
        QueueName,
        Decision,
        Verdict,
        ProposedAction,
        Sentiment,
        Escalation,
        Denied,
        Proposal,
        Outcome,
        AuditKind,
        ActionOutcome,
        ReplyVisibility,
        DeskEvent,
        AuditEntry,
        // the desk
        ProposalState,
        TicketSummary,
        TicketView,
        ApprovalResult,
        AuditQuery,
        PolicyProblem,
        PolicyStatus,
        SendReply,
        RouteTicket,
        Prefs,
        // connections
        ConnectionKind,
        LlmApi,
        ConnectionSettings,
        CredentialState,
        ConnectionStatus,
        CheckOutcome,
        ConnectionCheck,
        ErrorCode,
        DeskError,
    );
    let mut out = String::from(
        "// Generated from the Rust types by countersign-core (bindings.rs). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p countersign-core --test bindings`.\n\n",
    );
    for declaration in declarations {
        out.push_str(declaration.trim());
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

//! The desk's use cases, with no window around them: list the queue, open a ticket
//! with its customer's context and proposal, approve an action. The desktop app's
//! commands are one-line adapters onto `Desk`, and the CLI and the tests drive the
//! very same code.

mod bindings;
pub mod credentials;
mod desk;
mod error;
pub mod eval;
pub mod gate;
pub mod generate;
pub mod prefs;
mod view;

pub use bindings::typescript_bindings;
pub use desk::{queue_label, works_queue, Desk, StoreDirectory};
pub use error::{DeskError, ErrorCode};
pub use prefs::{Prefs, PrefsFile};
pub use view::{
    ApprovalResult, AuditQuery, PolicyProblem, PolicyStatus, ProposalState, RouteTicket, SendReply,
    TicketSummary, TicketView,
};

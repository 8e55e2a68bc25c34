// Generated from the Rust types by countersign-core (bindings.rs). Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p countersign-core --test bindings`.

export type CustomerId = string;

export type OrderId = string;

export type ItemId = string;

export type ProductId = string;

export type PaymentMethodId = string;

export type SubscriptionId = string;

export type PlanId = string;

export type TicketId = string;

export type AgentId = string;

export type Amount = string;

export type Address = { address1: string, address2: string, city: string, state: string, country: string, zip: string, };

export type PaymentKind = "credit_card" | "paypal" | "gift_card";

export type PaymentMethod = { id: PaymentMethodId, kind: PaymentKind, 
/**
 * Card brand, for credit cards.
 */
brand: string | null, 
/**
 * Last four digits, for credit cards: the only part of a card the app ever holds.
 */
last_four: string | null, 
/**
 * Remaining balance, for gift cards.
 */
balance: Amount | null, };

export type Customer = { id: CustomerId, first_name: string, last_name: string, email: string, address: Address, payment_methods: Array<PaymentMethod>, };

export type OrderStatus = "pending" | "pending (item modified)" | "processed" | "delivered" | "cancelled" | "return requested" | "exchange requested";

export type OrderItem = { item_id: ItemId, product_id: ProductId, name: string, price: Amount, options: { [key in string]: string }, };

export type Fulfillment = { tracking_ids: Array<string>, item_ids: Array<ItemId>, };

export type TransactionKind = "payment" | "refund";

export type Transaction = { kind: TransactionKind, amount: Amount, payment_method_id: PaymentMethodId, };

export type Order = { order_id: OrderId, customer_id: CustomerId, status: OrderStatus, address: Address, items: Array<OrderItem>, fulfillments: Array<Fulfillment>, transactions: Array<Transaction>, currency: string, placed_at: string, shipped_at: string | null, delivered_at: string | null, cancelled_at: string | null, cancel_reason: string | null, 
/**
 * R10: the items a return was requested for, and where their refund goes.
 */
return_items: Array<ItemId>, return_payment_method_id: PaymentMethodId | null, 
/**
 * R11: the items an exchange was requested for, what they become, and how the
 * difference is paid.
 */
exchange_items: Array<ItemId>, exchange_new_items: Array<ItemId>, exchange_payment_method_id: PaymentMethodId | null, 
/**
 * New minus old price; negative when the customer gets money back.
 */
exchange_price_difference: string | null, };

export type Variant = { item_id: ItemId, product_id: ProductId, options: { [key in string]: string }, available: boolean, price: Amount, };

export type Product = { product_id: ProductId, name: string, variants: Array<Variant>, };

export type Plan = { plan_id: PlanId, product_line: string, name: string, interval: string, price: Amount, currency: string, };

export type SubscriptionStatus = "active" | "paused" | "cancelled";

export type Subscription = { subscription_id: SubscriptionId, customer_id: CustomerId, plan_id: PlanId, status: SubscriptionStatus, current_period_start: string, current_period_end: string, next_renewal_at: string | null, paused_until: string | null, cancelled_at: string | null, cancel_at_period_end: boolean, payment_method_id: PaymentMethodId, created_at: string, };

export type SupportKind = "refund" | "reship";

export type SupportHistoryEntry = { history_id: string, customer_id: CustomerId, order_id: OrderId, kind: SupportKind, reason: string, item_ids: Array<ItemId>, amount: Amount, at: string, approved_by: AgentId, };

export type Agent = { agent_id: AgentId, name: string, role: Role, };

export type Queue = { queue: QueueName, description: string, };

export type CustomerContext = { customer: Customer, orders: Array<Order>, subscriptions: Array<Subscription>, plans: Array<Plan>, support_history: Array<SupportHistoryEntry>, products: Array<Product>, };

export type Sender = { name: string | null, email: string | null, };

export type Author = "customer" | "agent";

export type Message = { author: Author, at: string, body: string, 
/**
 * An internal note: seen by the support team, never by the customer.
 */
internal: boolean, };

export type TicketStatus = "open" | "solved" | "escalated";

export type Ticket = { id: TicketId, channel: string, from: Sender, subject: string | null, created_at: string, messages: Array<Message>, status: TicketStatus, 
/**
 * The human queue an escalated ticket was routed to.
 */
queue?: QueueName, };

export type CancelReason = "no longer needed" | "ordered by mistake";

export type RefundReason = "damaged" | "defective" | "late" | "missing" | "goodwill";

export type ReshipReason = "damaged" | "defective" | "wrong_item" | "lost";

export type Action = { "type": "cancel_order", order_id: OrderId, reason: CancelReason, } | { "type": "update_order_address", order_id: OrderId, address: Address, } | { "type": "modify_order_items", order_id: OrderId, item_ids: Array<ItemId>, new_item_ids: Array<ItemId>, payment_method_id: PaymentMethodId, } | { "type": "change_payment_method", order_id: OrderId, payment_method_id: PaymentMethodId, } | { "type": "return_items", order_id: OrderId, item_ids: Array<ItemId>, refund_method_id: PaymentMethodId, } | { "type": "exchange_items", order_id: OrderId, item_ids: Array<ItemId>, new_item_ids: Array<ItemId>, payment_method_id: PaymentMethodId, } | { "type": "update_customer_address", customer_id: CustomerId, address: Address, } | { "type": "refund", order_id: OrderId, amount: Amount, refund_method_id: PaymentMethodId, reason: RefundReason, item_ids?: Array<ItemId>, } | { "type": "reship", order_id: OrderId, item_ids: Array<ItemId>, reason: ReshipReason, } | { "type": "pause_subscription", subscription_id: SubscriptionId, cycles: number, } | { "type": "skip_renewal", subscription_id: SubscriptionId, } | { "type": "resume_subscription", subscription_id: SubscriptionId, } | { "type": "cancel_subscription", subscription_id: SubscriptionId, at_period_end: boolean, } | { "type": "change_plan", subscription_id: SubscriptionId, plan_id: PlanId, } | { "type": "update_customer_email", customer_id: CustomerId, email: string, };

export type ActionKind = "cancel_order" | "update_order_address" | "modify_order_items" | "change_payment_method" | "return_items" | "exchange_items" | "update_customer_address" | "refund" | "reship" | "pause_subscription" | "skip_renewal" | "resume_subscription" | "cancel_subscription" | "change_plan" | "update_customer_email";

export type Intent = "order_status" | "cancel_order" | "change_order" | "return_or_exchange" | "refund_request" | "damaged_or_wrong_item" | "subscription_change" | "billing_issue" | "account_change" | "general_question" | "complaint_or_human" | "out_of_scope";

export type Role = "agent" | "senior" | "finance";

export type QueueName = "billing" | "trust_safety" | "senior_support" | "general";

export type Decision = "allowed" | "needs_approval" | "denied";

export type Verdict = { decision: Decision, rules: Array<string>, required_role: Role | null, explanation: string, };

export type ProposedAction = { verdict: Verdict, } & ({ "type": "cancel_order", order_id: OrderId, reason: CancelReason, } | { "type": "update_order_address", order_id: OrderId, address: Address, } | { "type": "modify_order_items", order_id: OrderId, item_ids: Array<ItemId>, new_item_ids: Array<ItemId>, payment_method_id: PaymentMethodId, } | { "type": "change_payment_method", order_id: OrderId, payment_method_id: PaymentMethodId, } | { "type": "return_items", order_id: OrderId, item_ids: Array<ItemId>, refund_method_id: PaymentMethodId, } | { "type": "exchange_items", order_id: OrderId, item_ids: Array<ItemId>, new_item_ids: Array<ItemId>, payment_method_id: PaymentMethodId, } | { "type": "update_customer_address", customer_id: CustomerId, address: Address, } | { "type": "refund", order_id: OrderId, amount: Amount, refund_method_id: PaymentMethodId, reason: RefundReason, item_ids?: Array<ItemId>, } | { "type": "reship", order_id: OrderId, item_ids: Array<ItemId>, reason: ReshipReason, } | { "type": "pause_subscription", subscription_id: SubscriptionId, cycles: number, } | { "type": "skip_renewal", subscription_id: SubscriptionId, } | { "type": "resume_subscription", subscription_id: SubscriptionId, } | { "type": "cancel_subscription", subscription_id: SubscriptionId, at_period_end: boolean, } | { "type": "change_plan", subscription_id: SubscriptionId, plan_id: PlanId, } | { "type": "update_customer_email", customer_id: CustomerId, email: string, });

export type Sentiment = "neutral" | "concerned" | "angry";

export type Escalation = { queue: QueueName, rules: Array<string>, summary: string, };

export type Denied = { 
/**
 * What was asked, in words ("reship on order #W2015099").
 */
request: string, type: ActionKind, rules: Array<string>, explanation: string, };

export type Proposal = { ticket_id: TicketId, customer_id: CustomerId | null, intent: Intent, confidence: number, actions: Array<ProposedAction>, escalate: Escalation | null, reply: string, 
/**
 * What the customer asked for that the policy refuses: not offered, and the
 * reply says why.
 */
denied: Array<Denied>, 
/**
 * Facts from the records that answer the customer's questions (R3), stated
 * by the reply as they are.
 */
facts: Array<string>, sentiment: Sentiment, };

export type Outcome = "pending" | "executed" | "refused" | "failed" | "unconfirmed";

export type AuditKind = "intent" | "outcome" | "refusal" | "reply" | "handoff";

export type ActionOutcome = { action_index: number, outcome: Outcome, message: string, audit_id: number, at: string, };

export type ReplyVisibility = "public" | "internal";

export type DeskEvent = { "type": "reply", visibility: ReplyVisibility, drafted: string, sent: string, status: TicketStatus, } | { "type": "handoff", queue: QueueName, proposed_queue: QueueName | null, summary: string, proposed_summary: string | null, };

export type AuditEntry = { audit_id: number, at: string, kind: AuditKind, 
/**
 * The approval an intent or an outcome belongs to.
 */
approval_id: number | null, agent_id: AgentId, agent_role: Role, ticket_id: TicketId | null, customer_id: CustomerId | null, 
/**
 * The action as approved; none for a reply or a handoff.
 */
action: Action | null, 
/**
 * The action as the proposal had it, when the approval came from one; it
 * differs from `action` where the agent edited it.
 */
proposed: Action | null, 
/**
 * The policy's verdict on `action`; none for a reply or a handoff.
 */
verdict: Verdict | null, outcome: Outcome, message: string, 
/**
 * The execution's idempotency key (see `idempotency_key`).
 */
idempotency_key: string | null, 
/**
 * Where it ran ("sandbox", …).
 */
system: string | null, 
/**
 * The system's own reference for what it did.
 */
external_id: string | null, 
/**
 * What a reply or a handoff entry records.
 */
event: DeskEvent | null, 
/**
 * This entry's link in the hash chain (hex SHA-256).
 */
hash: string, };

export type ProposalState = "ready" | "escalated" | "reply_only" | "done";

export type TicketSummary = { id: TicketId, subject: string | null, from_name: string | null, channel: string, created_at: string, status: TicketStatus, preview: string, intent: Intent, confidence: number, state: ProposalState, sentiment: Sentiment, 
/**
 * The human queue the ticket was routed to, if any.
 */
queue: QueueName | null, 
/**
 * Routed to a queue this agent works: it comes first.
 */
for_you: boolean, };

export type TicketView = { ticket: Ticket, context: CustomerContext | null, proposal: Proposal, outcomes: Array<ActionOutcome>, 
/**
 * The agent's edited reply, kept across ticket switches and restarts; the
 * proposal's `reply` is the engine's draft.
 */
draft: string | null, };

export type ApprovalResult = { outcome: Outcome, message: string, audit_id: number, view: TicketView, };

export type AuditQuery = { ticket_id: TicketId | null, customer_id: CustomerId | null, agent_id: AgentId | null, action: ActionKind | null, outcome: Outcome | null, };

export type PolicyProblem = { path: string, 
/**
 * 1-based line of the problem, when it can be placed.
 */
line: number | null, message: string, };

export type PolicyStatus = { name: string, version: number, 
/**
 * Where the policy in force came from: a file's path, or the shipped policy.
 */
source: string, rules: number, problem: PolicyProblem | null, };

export type SendReply = { ticket_id: TicketId, agent_id: AgentId, text: string, visibility: ReplyVisibility, 
/**
 * The ticket's status once sent; none keeps it as it is.
 */
status: TicketStatus | null, };

export type RouteTicket = { ticket_id: TicketId, agent_id: AgentId, queue: QueueName, summary: string, };

export type Prefs = { 
/**
 * The agent approving at this desk; none until one is picked (the desk then
 * offers the first agent).
 */
agent_id: AgentId | null, 
/**
 * Desktop notifications for escalations to the agent's queue and for long
 * actions that finish while the window is in the background.
 */
notifications: boolean, 
/**
 * Keep the window above the helpdesk's browser window.
 */
always_on_top: boolean, 
/**
 * Seconds an approval waits, with an Undo, before it runs (0: at once).
 */
undo_seconds: number, };

export type ConnectionKind = "sandbox" | "helpdesk" | "shop" | "billing" | "llm";

export type LlmApi = "openai" | "anthropic";

export type ConnectionSettings = { 
/**
 * Whose connection: credentials are the agent's own.
 */
agent_id: AgentId, kind: ConnectionKind, 
/**
 * Helpdesk: the Zendesk subdomain (`acme` or `acme.zendesk.com`); shop: the
 * store domain (`acme` or `acme.myshopify.com`); billing and llm: the API's
 * base URL, empty for the vendor's own. A full `https://` URL works for every
 * kind; plain `http://` only on this machine (a local model server).
 */
address: string, 
/**
 * Helpdesk only: the Zendesk user's email an API token belongs to; empty
 * when the credential is an OAuth access token.
 */
email: string, 
/**
 * Llm only.
 */
llm_api: LlmApi, 
/**
 * Llm only: the model to use, checked against the endpoint's list.
 */
model: string, };

export type CredentialState = "not_needed" | "stored" | "missing" | "unavailable";

export type ConnectionStatus = { settings: ConnectionSettings, credential: CredentialState, 
/**
 * The connection the desk uses unless told otherwise: the sandbox.
 */
is_default: boolean, 
/**
 * Why the keychain could not be asked, when it could not.
 */
problem: string | null, };

export type CheckOutcome = "ok" | "not_set_up" | "bad_token" | "missing_permission" | "wrong_address" | "rate_limited" | "unknown_model" | "unexpected";

export type ConnectionCheck = { kind: ConnectionKind, outcome: CheckOutcome, 
/**
 * The account, store or user the service named, when it named one.
 */
account: string | null, message: string, };

export type ErrorCode = "not_found" | "invalid_input" | "storage";

export type DeskError = { code: ErrorCode, message: string, };

// Human words for the back end's enum values.

import type {
  ActionKind,
  AuditKind,
  Decision,
  Intent,
  Outcome,
  ProposalState,
  QueueName,
  Role,
} from "../ipc/bindings";

const INTENTS: Record<Intent, string> = {
  order_status: "order status",
  cancel_order: "cancel order",
  change_order: "change order",
  return_or_exchange: "return or exchange",
  refund_request: "refund request",
  damaged_or_wrong_item: "damaged or wrong item",
  subscription_change: "subscription change",
  billing_issue: "billing issue",
  account_change: "account change",
  general_question: "general question",
  complaint_or_human: "complaint or asks for a human",
  out_of_scope: "out of scope",
};

const STATES: Record<ProposalState, string> = {
  ready: "ready",
  escalated: "escalated",
  reply_only: "reply only",
  done: "done",
};

const DECISIONS: Record<Decision, string> = {
  allowed: "allowed",
  needs_approval: "needs approval",
  denied: "denied",
};

const OUTCOMES: Record<Outcome, string> = {
  pending: "approved, running",
  executed: "executed",
  refused: "refused",
  failed: "failed",
  unconfirmed: "unconfirmed",
};

const AUDIT_KINDS: Record<AuditKind, string> = {
  intent: "Intent: approved, before it ran",
  outcome: "Outcome: after it ran",
  refusal: "Refusal: not run",
  reply: "Reply: sent on the ticket",
  handoff: "Handoff: routed to a queue",
};

const QUEUES: Record<QueueName, string> = {
  billing: "Billing",
  trust_safety: "Trust & Safety",
  senior_support: "Senior support",
  general: "General",
};

const ACTION_NAMES: Record<ActionKind, string> = {
  cancel_order: "cancel order",
  update_order_address: "update order address",
  modify_order_items: "modify order items",
  change_payment_method: "change payment method",
  return_items: "return items",
  exchange_items: "exchange items",
  update_customer_address: "update customer address",
  refund: "refund",
  reship: "reship",
  pause_subscription: "pause subscription",
  skip_renewal: "skip renewal",
  resume_subscription: "resume subscription",
  cancel_subscription: "cancel subscription",
  change_plan: "change plan",
  update_customer_email: "update customer email",
};

/** Every action type, in the order the filters offer them. */
export const ACTION_KINDS = Object.keys(ACTION_NAMES) as ActionKind[];

/** Every queue, in the order the handoff offers them. */
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

/** Every outcome, in the order the filters offer them. */
export const OUTCOME_VALUES = Object.keys(OUTCOMES) as Outcome[];

/** Turns an unknown snake_case value into words, for values newer than this UI. */
export function words(value: string): string {
  return value.replace(/_/g, " ");
}

export function intentLabel(intent: Intent): string {
  return INTENTS[intent] ?? words(intent);
}

export function stateLabel(state: ProposalState): string {
  return STATES[state] ?? words(state);
}

export function decisionLabel(decision: Decision): string {
  return DECISIONS[decision] ?? words(decision);
}

export function outcomeLabel(outcome: Outcome): string {
  return OUTCOMES[outcome] ?? words(outcome);
}

export function auditKindLabel(kind: AuditKind): string {
  return AUDIT_KINDS[kind] ?? words(kind);
}

export function queueLabel(queue: QueueName): string {
  return QUEUES[queue] ?? words(queue);
}

export function actionName(kind: ActionKind): string {
  return ACTION_NAMES[kind] ?? words(kind);
}

export function roleLabel(role: Role): string {
  return role;
}

/** A CSS modifier made from an enum value: "pending (item modified)" → "pending-item-modified". */
export function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

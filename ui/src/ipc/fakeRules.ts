// The back end's rules the fake back end applies itself, with the back end's
// rule ids and wording: the slice of the policy it judges (refunds: R15 what is
// still refundable, R16 what the affected items cost, R19 the approver's limits
// per action and per day; and R19 for whoever approves any other action, the
// rest keeping the verdict the proposal was given), what an edit may change, and
// what a reply or a handoff summary must be.

import { BackendError } from "./backend";
import type { Action, Amount, CustomerContext, QueueName, Role, Verdict } from "./bindings";
import type { Tier } from "./fixtures";
import { fromCents, toCents, transactionTotals } from "../lib/money";
import { roleCovers } from "../lib/roles";

type Refund = Extract<Action, { type: "refund" }>;

const ROLES: Role[] = ["agent", "senior", "finance"];

function verdict(decision: Verdict["decision"], rules: string[], explanation: string, role: Role | null = null): Verdict {
  return { decision, rules, required_role: role, explanation };
}

/** R19: who may give `value` away, with `today` already approved by `approver` today. */
function tier(
  tiers: Record<Role, Tier>,
  approver: Role,
  today: bigint,
  value: bigint,
  what: string,
  cited: string[],
): Verdict {
  const within = (limit: Amount | null, amount: bigint) => limit === null || amount <= toCents(limit);
  const role = ROLES.filter((r) => roleCovers(r, approver)).find(
    (r) => within(tiers[r].perAction, value) && (r !== approver || within(tiers[r].perDay, today + value)),
  );
  const money = `$${fromCents(value)}`;
  const rules = [...cited, "R19"];
  if (role === undefined) return verdict("denied", rules, `${what} of ${money} is above every approval limit.`);
  if (role === approver) return verdict("allowed", rules, `${what} of ${money} is within the ${role} limit.`);
  const own = tiers[approver];
  const reason =
    own.perAction !== null && value > toCents(own.perAction)
      ? `${money} is above the ${approver} limit of $${own.perAction} per action`
      : `with $${fromCents(today)} already approved today, ${money} would pass the ${approver} limit of $${own.perDay ?? ""} per day`;
  return verdict("needs_approval", rules, `${what}: ${reason}; a ${role} must approve it.`, role);
}

/** A refund, judged on the order as the customer context has it. */
export function judgeRefund(
  refund: Refund,
  context: CustomerContext | null,
  approver: Role,
  approvedToday: Amount,
  tiers: Record<Role, Tier>,
): Verdict {
  const order = context?.orders.find((o) => o.order_id === refund.order_id);
  if (!order) return verdict("denied", ["R15"], `There is no order ${refund.order_id} for this customer.`);
  const amount = toCents(refund.amount);
  if (amount <= 0n) return verdict("denied", ["R15"], "A refund of $0.00 changes nothing.");
  const refundable = transactionTotals(order.transactions).net;
  if (amount > toCents(refundable)) {
    return verdict(
      "denied",
      ["R15"],
      `$${fromCents(amount)} is more than the $${refundable} still refundable on order ${order.order_id}.`,
    );
  }
  const affected = refund.item_ids ?? order.items.map((i) => i.item_id);
  const cap = order.items.filter((i) => affected.includes(i.item_id)).reduce((sum, i) => sum + toCents(i.price), 0n);
  if (amount > cap) {
    return verdict(
      "denied",
      ["R16"],
      `$${fromCents(amount)} is more than the $${fromCents(cap)} paid for the affected items.`,
    );
  }
  return tier(tiers, approver, toCents(approvedToday), amount, "A refund", ["R15", "R16"]);
}

/**
 * A proposal's verdict for the role approving it. Proposals are judged for an
 * agent; only R19 asks for a higher role, so a role that covers it is allowed.
 */
export function verdictForRole(proposed: Verdict, role: Role): Verdict {
  if (proposed.decision !== "needs_approval" || !proposed.required_role) return proposed;
  if (!roleCovers(role, proposed.required_role)) return proposed;
  return verdict("allowed", proposed.rules, `Within the ${role} limit.`);
}

/** The back end's own words for a queue, as its messages use them. */
export const QUEUE_WORDS: Record<QueueName, string> = {
  billing: "billing",
  trust_safety: "trust and safety",
  senior_support: "senior support",
  general: "general",
};

/** The longest reply or summary the back end sends. */
const MAX_TEXT = 60_000;

export function checkedText(text: string, what: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw new BackendError("invalid_input", `The ${what} is empty.`);
  if (trimmed.length > MAX_TEXT) {
    throw new BackendError("invalid_input", `The ${what} is too long (${trimmed.length} characters; at most ${MAX_TEXT}).`);
  }
  return trimmed;
}

/** The things an action acts on: an edit may change anything else about it. */
function subjectOf(action: Action): string {
  const a = action as Partial<Record<"order_id" | "subscription_id" | "customer_id", string>>;
  return JSON.stringify([a.order_id ?? null, a.subscription_id ?? null, a.customer_id ?? null]);
}

export function checkEdit(proposed: Action, edited: Action): void {
  if (proposed.type !== edited.type) {
    throw new BackendError(
      "invalid_input",
      `An edit cannot turn a ${proposed.type.replace(/_/g, " ")} into a ${edited.type.replace(/_/g, " ")}.`,
    );
  }
  if (subjectOf(proposed) !== subjectOf(edited)) {
    throw new BackendError("invalid_input", "An edit cannot move an action to another order, subscription or customer.");
  }
}

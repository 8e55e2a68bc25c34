// Small decisions the desk makes for the agent, kept out of the components so
// they read as rules: who can give a verdict's approval, what status a reply
// leaves, what a hand-made handoff says and which queue it goes to.

import type {
  ActionOutcome,
  Intent,
  Outcome,
  QueueName,
  ReplyVisibility,
  Role,
  TicketStatus,
  TicketView,
  Verdict,
} from "../ipc/bindings";
import { actionTitle, actionOf } from "./actions";
import { decisionLabel, intentLabel, outcomeLabel } from "./labels";
import { roleCovers } from "./roles";

/**
 * Whether an agent of `role` can approve what `verdict` says: it is allowed, or
 * it needs a role theirs covers (proposals are judged for an agent; a senior
 * may approve what needs a senior).
 */
export function canGive(verdict: Verdict, role: Role | null): boolean {
  if (verdict.decision === "allowed") return true;
  return (
    verdict.decision === "needs_approval" &&
    role !== null &&
    verdict.required_role !== null &&
    roleCovers(role, verdict.required_role)
  );
}

/** The latest outcome for each action index. */
export function latestOutcome(outcomes: readonly ActionOutcome[], index: number): ActionOutcome | undefined {
  let found: ActionOutcome | undefined;
  for (const o of outcomes) if (o.action_index === index) found = o;
  return found;
}

/**
 * The status a public reply leaves by default: solved when everything proposed
 * ran, or nothing was proposed on a ticket nobody escalated; open otherwise.
 */
export function defaultReplyStatus(view: TicketView): TicketStatus {
  const { actions } = view.proposal;
  if (actions.length === 0) return view.ticket.status === "escalated" ? "open" : "solved";
  const allRan = actions.every((_, i) => latestOutcome(view.outcomes, i)?.outcome === "executed");
  return allRan ? "solved" : "open";
}

/** The words the back end records for a sent reply or note. */
export function sentMessage(visibility: ReplyVisibility, status: TicketStatus): string {
  if (visibility === "internal") return "Internal note added.";
  return status === "solved" ? "Reply sent; the ticket is solved." : "Reply sent; the ticket stays open.";
}

/** Where a ticket escalated by hand goes unless the agent picks another queue. */
export function defaultQueue(intent: Intent): QueueName {
  return intent === "billing_issue" ? "billing" : "senior_support";
}

/**
 * A handoff summary for a ticket the engine did not escalate: who asks, about
 * what, and what was proposed with the policy's answer, so the queue need not
 * reopen the ticket to know where it stands.
 */
export function handoffSummary(view: TicketView): string {
  const { ticket, proposal, context } = view;
  const customer = context
    ? `${context.customer.first_name} ${context.customer.last_name} (${context.customer.id})`
    : (ticket.from.name ?? ticket.from.email ?? "A customer not identified");
  const lines = [
    `${customer} asks about: ${intentLabel(proposal.intent)} (ticket ${ticket.id}${ticket.subject ? `, "${ticket.subject}"` : ""}).`,
  ];
  if (proposal.actions.length === 0) {
    lines.push("Proposed: a reply only.");
  } else {
    lines.push("Proposed:");
    proposal.actions.forEach((action, i) => {
      const outcome = latestOutcome(view.outcomes, i);
      const state = outcome ? outcomeLabel(outcome.outcome) : decisionLabel(action.verdict.decision);
      const rules = action.verdict.rules.length > 0 ? `; ${action.verdict.rules.join(", ")}` : "";
      lines.push(`- ${actionTitle(actionOf(action), context)} (${state}${rules})`);
    });
  }
  for (const refused of proposal.denied) lines.push(`Not offered: ${refused.request} (${refused.rules.join(", ")}).`);
  lines.push("Escalated by hand from the desk.");
  return lines.join("\n");
}

const NOTICES: Record<Outcome, string> = {
  executed: "Approval carried out",
  failed: "Approval failed",
  refused: "Approval refused",
  unconfirmed: "Approval not confirmed",
  pending: "Approval still running",
};

/** A notification's title for an approval that finished while the desk was in the background. */
export function approvalNotice(outcome: Outcome): string {
  return NOTICES[outcome] ?? "Approval finished";
}

// The audit log read as stories: an approval writes an intent before it runs and
// an outcome after, so the entries sharing an approval id are shown together, in
// the order they happened. An agent may edit a proposed action before approving
// it; the entry then carries both versions, and the view shows what changed.

import type {
  Action,
  ActionKind,
  Agent,
  AgentId,
  AuditEntry,
  AuditQuery,
  DeskEvent,
  Outcome,
  Role,
} from "../ipc/bindings";
import { queueLabel } from "./labels";

/** The audit view's filter form; an empty string means "any". */
export interface AuditFilterValues {
  ticketId: string;
  customerId: string;
  agentId: AgentId | "";
  action: ActionKind | "";
  outcome: Outcome | "";
}

export const NO_AUDIT_FILTERS: AuditFilterValues = {
  ticketId: "",
  customerId: "",
  agentId: "",
  action: "",
  outcome: "",
};

/** The back end's query for the form's values; blank fields do not narrow. */
export function toAuditQuery(values: AuditFilterValues): AuditQuery {
  const text = (value: string) => (value.trim() === "" ? null : value.trim());
  return {
    ticket_id: text(values.ticketId),
    customer_id: text(values.customerId),
    agent_id: values.agentId === "" ? null : values.agentId,
    action: values.action === "" ? null : values.action,
    outcome: values.outcome === "" ? null : values.outcome,
  };
}

export function isFiltered(values: AuditFilterValues): boolean {
  return Object.values(toAuditQuery(values)).some((v) => v !== null);
}

export interface AuditGroup {
  /** The approval the entries belong to; null for an entry of its own (a refusal). */
  approvalId: number | null;
  /** Oldest first: the story in the order it happened. */
  entries: AuditEntry[];
}

/**
 * Groups newest-first entries by approval. Groups keep the order of their newest
 * entry; within a group the entries read oldest first (intent, then outcome).
 */
export function groupByApproval(entries: readonly AuditEntry[]): AuditGroup[] {
  const groups: AuditGroup[] = [];
  const byApproval = new Map<number, AuditGroup>();
  for (const entry of entries) {
    if (entry.approval_id === null) {
      groups.push({ approvalId: null, entries: [entry] });
      continue;
    }
    let group = byApproval.get(entry.approval_id);
    if (!group) {
      group = { approvalId: entry.approval_id, entries: [] };
      byApproval.set(entry.approval_id, group);
      groups.push(group);
    }
    group.entries.push(entry);
  }
  for (const group of groups) group.entries.sort((a, b) => a.audit_id - b.audit_id);
  return groups;
}

/** The value with object keys sorted and undefined fields dropped, so equal actions stringify equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The action as the proposal had it, when the agent changed it before approving; otherwise null. */
export function editedFrom(entry: AuditEntry): Action | null {
  if (entry.action === null || entry.proposed === null) return null;
  return same(entry.proposed, entry.action) ? null : entry.proposed;
}

/** What a reply or handoff entry records, in words: "Reply sent", "Internal note", "Routed to Billing". */
export function eventTitle(event: DeskEvent): string {
  if (event.type === "handoff") return `Routed to ${queueLabel(event.queue)}`;
  return event.visibility === "internal" ? "Internal note" : "Reply sent";
}

/** What an entry is about, in a few words: the action's name, or the reply or handoff. */
export function entrySubject(entry: AuditEntry, name: (kind: ActionKind) => string): string {
  if (entry.action) return name(entry.action.type);
  if (entry.event) return eventTitle(entry.event);
  return entry.kind;
}

/** Whether the agent changed the engine's draft or handoff before sending it. */
export function eventEdited(event: DeskEvent): boolean {
  if (event.type === "reply") return event.drafted.trim() !== event.sent.trim();
  if (event.proposed_summary === null) return false;
  return event.proposed_summary.trim() !== event.summary.trim() || event.proposed_queue !== event.queue;
}

/** The parameters (by key) whose values differ between two versions of an action. */
export function changedKeys(before: Action, after: Action): Set<string> {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return new Set([...keys].filter((key) => !same(a[key], b[key])));
}

/** "Sam Okafor (agent_sam), senior", or the bare id when the agent is unknown. */
export function agentText(agents: readonly Agent[] | null, id: AgentId, role: Role): string {
  const agent = agents?.find((a) => a.agent_id === id);
  return agent ? `${agent.name} (${id}), ${role}` : `${id}, ${role}`;
}

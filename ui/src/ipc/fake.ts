// An in-memory Backend for tests and previews. It behaves like the real one in
// the ways the UI cares about: each agent's queue holds the tickets routed to
// the queues their role works (first, "for you") and those routed nowhere;
// approving judges the action (as edited) for the approving agent, executes an
// allowed one once, records an audit entry, adds an outcome to the view and
// rewrites the reply; anything else is refused (and audited). Sending adds the
// message and clears the draft; routing escalates the ticket to a queue with an
// internal note. Bad ids reject with a BackendError. Every call is recorded in
// `calls`, `failNext` makes the next call to a method reject, and
// `failNextExecution` makes the next approval fail in the system of record.

import type { Backend } from "./backend";
import { BackendError } from "./backend";
import type {
  Action,
  Agent,
  AgentId,
  Amount,
  ApprovalResult,
  AuditEntry,
  AuditQuery,
  ConnectionCheck,
  ConnectionKind,
  ConnectionSettings,
  ConnectionStatus,
  ErrorCode,
  PolicyProblem,
  PolicyStatus,
  Prefs,
  Role,
  RouteTicket,
  SendReply,
  TicketId,
  TicketSummary,
  TicketView,
  Verdict,
} from "./bindings";
import { actionOf, actionTitle } from "../lib/actions";
import { decisionLabel } from "../lib/labels";
import { addAmounts } from "../lib/money";
import { queuesWorkedBy } from "../lib/roles";
import { checkEdit, checkedText, judgeRefund, QUEUE_WORDS, verdictForRole } from "./fakeRules";
import type { Fixtures, Tier } from "./fixtures";
import { fixtures as defaultFixtures } from "./fixtures";

type Method = keyof Backend;

export interface Call {
  method: Method;
  args: unknown[];
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Target {
  view: TicketView;
  agent: Agent;
  proposed: Action;
  proposedVerdict: Verdict;
}

/** The store's filter: every field given must match exactly. */
function matchesAuditQuery(entry: AuditEntry, query: AuditQuery): boolean {
  return (
    (query.ticket_id === null || entry.ticket_id === query.ticket_id) &&
    (query.customer_id === null || entry.customer_id === query.customer_id) &&
    (query.agent_id === null || entry.agent_id === query.agent_id) &&
    (query.action === null || entry.action?.type === query.action) &&
    (query.outcome === null || entry.outcome === query.outcome)
  );
}

export class FakeBackend implements Backend {
  readonly calls: Call[] = [];
  private agents: Agent[];
  private policy: PolicyStatus;
  private views: Map<TicketId, TicketView>;
  private queue: TicketSummary[];
  private audit: AuditEntry[];
  private replies: Record<TicketId, string>;
  private failures = new Map<Method, BackendError>();
  private gates = new Map<Method, Promise<void>>();
  private now: () => string;
  /** Connection settings and credentials by `agent/kind`, as the settings file and the keychain hold them. */
  private connectionSettings = new Map<string, ConnectionSettings>();
  private credentials = new Map<string, string>();
  private presetChecks = new Map<ConnectionKind, ConnectionCheck>();
  private keychainProblem: string | null = null;
  private tiers: Record<Role, Tier>;
  private approvedToday: Record<AgentId, Amount>;
  private prefs: Prefs;
  private executionFailure: string | null = null;
  private startupLink: string | null = null;
  private linkHandlers = new Set<(link: string) => void>();
  /** Every notification asked for, shown or not. */
  readonly notifications: { title: string; body: string; shown: boolean }[] = [];

  constructor(fixtures: Fixtures = defaultFixtures, now: () => string = () => "2026-11-24T12:00:00Z") {
    const data = clone(fixtures);
    this.agents = data.agents;
    this.policy = data.policy;
    this.views = new Map(data.views.map((v) => [v.ticket.id, v]));
    this.queue = data.queue;
    this.audit = data.audit;
    this.replies = data.repliesAfterExecution;
    this.tiers = data.tiers;
    this.approvedToday = data.approvedToday;
    this.prefs = data.prefs;
    this.now = now;
  }

  /** The next approval that the policy allows fails when carried out, with `message`. */
  failNextExecution(message: string): void {
    this.executionFailure = message;
  }

  /** The deep link the app is "started with": `takeStartupLink` answers it once. */
  setStartupLink(link: string): void {
    this.startupLink = link;
  }

  /** A deep link arrives while the app runs. */
  emitOpenLink(link: string): void {
    for (const handler of [...this.linkHandlers]) handler(link);
  }

  /** How many handlers listen for opened links. */
  get openLinkListeners(): number {
    return this.linkHandlers.size;
  }

  /** Reports `problem` as a refused policy file (the policy in force stays). */
  setPolicyProblem(problem: PolicyProblem): void {
    this.policy = { ...this.policy, problem };
  }

  /** Every keychain call fails as on a machine without a Secret Service, with `problem`. */
  setKeychainUnavailable(problem: string): void {
    this.keychainProblem = problem;
  }

  /** "Test connection" on `kind` answers `check` (once a credential is stored). */
  setCheck(check: ConnectionCheck): void {
    this.presetChecks.set(check.kind, check);
  }

  /** What the fake keychain holds for the agent's connection (tests only: the real back end never tells). */
  storedCredential(agentId: AgentId, kind: ConnectionKind): string | undefined {
    return this.credentials.get(`${agentId}/${kind}`);
  }

  /** The next call to `method` rejects with a BackendError(code, message). */
  failNext(method: Method, message: string, code: ErrorCode = "storage"): void {
    this.failures.set(method, new BackendError(code, message));
  }

  /** Calls to `method` wait until the returned function is called. */
  hold(method: Method): () => void {
    let release = () => {};
    this.gates.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.gates.delete(method);
      release();
    };
  }

  callsTo(method: Method): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  private async enter(method: Method, args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    await Promise.resolve();
    const gate = this.gates.get(method);
    if (gate) await gate;
    const failure = this.failures.get(method);
    if (failure) {
      this.failures.delete(method);
      throw failure;
    }
  }

  private view(id: TicketId): TicketView {
    const view = this.views.get(id);
    if (!view) throw new BackendError("not_found", `There is no ticket ${id}.`);
    return view;
  }

  private agent(id: AgentId): Agent {
    const agent = this.agents.find((a) => a.agent_id === id);
    if (!agent) throw new BackendError("not_found", `There is no agent ${id}.`);
    return agent;
  }

  private nextAuditId(): number {
    return this.audit.reduce((max, e) => Math.max(max, e.audit_id), 0) + 1;
  }

  private summary(id: TicketId): TicketSummary | undefined {
    return this.queue.find((s) => s.id === id);
  }

  async listQueue(agentId: AgentId | null): Promise<TicketSummary[]> {
    await this.enter("listQueue", [agentId]);
    const role = agentId === null ? null : this.agent(agentId).role;
    const list: TicketSummary[] = [];
    for (const summary of this.queue) {
      const ticket = this.views.get(summary.id)?.ticket;
      const queue = ticket?.queue ?? null;
      const forYou = role !== null && queue !== null;
      if (forYou && !queuesWorkedBy(role).includes(queue)) continue;
      list.push({ ...summary, status: ticket?.status ?? summary.status, queue, for_you: forYou });
    }
    // Stable: the fixtures' order within each group.
    return clone([...list.filter((s) => s.for_you), ...list.filter((s) => !s.for_you)]);
  }

  async openTicket(id: TicketId): Promise<TicketView> {
    await this.enter("openTicket", [id]);
    return clone(this.view(id));
  }

  async saveDraft(ticketId: TicketId, text: string): Promise<void> {
    await this.enter("saveDraft", [ticketId, text]);
    this.view(ticketId).draft = text.trim() === "" ? null : text;
  }

  async discardDraft(ticketId: TicketId): Promise<void> {
    await this.enter("discardDraft", [ticketId]);
    this.view(ticketId).draft = null;
  }

  async listAgents(): Promise<Agent[]> {
    await this.enter("listAgents", []);
    return clone(this.agents);
  }

  async listAudit(ticketId: TicketId | null): Promise<AuditEntry[]> {
    await this.enter("listAudit", [ticketId]);
    return clone(this.audit.filter((e) => ticketId === null || e.ticket_id === ticketId));
  }

  async searchAudit(query: AuditQuery): Promise<AuditEntry[]> {
    await this.enter("searchAudit", [query]);
    const entries = this.audit.filter((e) => matchesAuditQuery(e, query));
    return clone(entries.sort((a, b) => b.audit_id - a.audit_id));
  }

  async policyStatus(): Promise<PolicyStatus> {
    await this.enter("policyStatus", []);
    return clone(this.policy);
  }

  /** An approval's subject, checked as the back end checks it. */
  private target(ticketId: TicketId, actionIndex: number, agentId: AgentId, edited: Action | null): Target {
    const agent = this.agent(agentId);
    const view = this.view(ticketId);
    const proposedAction = view.proposal.actions[actionIndex];
    if (!proposedAction) {
      throw new BackendError("invalid_input", `Ticket ${ticketId} has no proposed action number ${actionIndex}.`);
    }
    const proposed = actionOf(proposedAction);
    if (edited) checkEdit(proposed, edited);
    if (view.proposal.customer_id === null) {
      throw new BackendError("invalid_input", `Ticket ${ticketId} is not tied to a customer (R1).`);
    }
    return { view, agent, proposed, proposedVerdict: proposedAction.verdict };
  }

  private judge(target: Target, action: Action): Verdict {
    const { agent, view } = target;
    if (action.type === "refund") {
      const today = this.approvedToday[agent.agent_id] ?? "0.00";
      return judgeRefund(action, view.context, agent.role, today, this.tiers);
    }
    return verdictForRole(target.proposedVerdict, agent.role);
  }

  async judgeAction(ticketId: TicketId, actionIndex: number, agentId: AgentId, edited: Action): Promise<Verdict> {
    await this.enter("judgeAction", [ticketId, actionIndex, agentId, clone(edited)]);
    const target = this.target(ticketId, actionIndex, agentId, edited);
    return clone(this.judge(target, edited));
  }

  async approveAction(
    ticketId: TicketId,
    actionIndex: number,
    agentId: AgentId,
    edited: Action | null,
  ): Promise<ApprovalResult> {
    await this.enter("approveAction", [ticketId, actionIndex, agentId, edited === null ? null : clone(edited)]);
    const target = this.target(ticketId, actionIndex, agentId, edited);
    const { view, agent, proposed } = target;
    const action = edited ?? proposed;
    const verdict = this.judge(target, action);

    const done = view.outcomes.some((o) => o.action_index === actionIndex && o.outcome === "executed");
    let outcome: ApprovalResult["outcome"];
    let message: string;
    if (done) {
      outcome = "refused";
      message = "Refused: this action has already been executed.";
    } else if (verdict.decision !== "allowed") {
      outcome = "refused";
      message = `Refused: the policy says ${decisionLabel(verdict.decision)} (${verdict.rules.join(", ")}).`;
    } else if (this.executionFailure !== null) {
      outcome = "failed";
      message = this.executionFailure;
      this.executionFailure = null;
    } else {
      outcome = "executed";
      message = `Executed: ${actionTitle(action, view.context)}.`;
    }

    const at = this.now();
    const auditId = this.nextAuditId();
    const ran = outcome === "executed" || outcome === "failed";
    this.audit.push({
      audit_id: auditId,
      at,
      agent_id: agent.agent_id,
      agent_role: agent.role,
      ticket_id: ticketId,
      customer_id: view.proposal.customer_id,
      action,
      verdict,
      outcome,
      message,
      idempotency_key: `fake-${ticketId}-${actionIndex}`,
      kind: ran ? "outcome" : "refusal",
      approval_id: ran ? auditId : null,
      proposed,
      system: ran ? "sandbox" : null,
      external_id: outcome === "executed" ? `sandbox-${auditId}` : null,
      event: null,
      hash: auditId.toString(16).padStart(64, "0"),
    });
    view.outcomes = [
      ...view.outcomes.filter((o) => o.action_index !== actionIndex),
      { action_index: actionIndex, outcome, message, audit_id: auditId, at },
    ];
    if (outcome === "executed") {
      if (action.type === "refund") {
        this.approvedToday[agent.agent_id] = addAmounts(this.approvedToday[agent.agent_id] ?? "0.00", action.amount);
      }
      view.proposal.reply = this.replies[ticketId] ?? `Hello,\n\nDone: ${actionTitle(action, view.context)}.\n\nSupport`;
      const allDone = view.proposal.actions.every((_, i) =>
        view.outcomes.some((o) => o.action_index === i && o.outcome === "executed"),
      );
      const entry = this.summary(ticketId);
      if (entry && allDone) entry.state = "done";
    }
    return { outcome, message, audit_id: auditId, view: clone(view) };
  }

  async sendReply(request: SendReply): Promise<TicketView> {
    await this.enter("sendReply", [clone(request)]);
    const agent = this.agent(request.agent_id);
    const text = checkedText(request.text, "reply");
    const view = this.view(request.ticket_id);
    if (request.status === "escalated") {
      throw new BackendError(
        "invalid_input",
        "A reply cannot escalate a ticket: route it to a queue from the handoff.",
      );
    }
    const status = request.status ?? view.ticket.status;
    const internal = request.visibility === "internal";
    let message: string;
    if (internal) message = "Internal note added.";
    else if (status === "solved") message = "Reply sent; the ticket is solved.";
    else message = "Reply sent; the ticket stays open.";
    const at = this.now();
    view.ticket.messages.push({ author: "agent", at, body: text, internal });
    view.ticket.status = status;
    if (!internal) view.draft = null;
    this.record(view, agent, "reply", message, {
      type: "reply",
      visibility: request.visibility,
      drafted: view.proposal.reply,
      sent: text,
      status,
    });
    return clone(view);
  }

  async routeTicket(request: RouteTicket): Promise<TicketView> {
    await this.enter("routeTicket", [clone(request)]);
    const agent = this.agent(request.agent_id);
    const summary = checkedText(request.summary, "handoff summary");
    const view = this.view(request.ticket_id);
    const { ticket } = view;
    if (ticket.status === "solved") {
      throw new BackendError("invalid_input", `Ticket ${ticket.id} is solved; there is nothing to hand off.`);
    }
    const words = QUEUE_WORDS[request.queue];
    const proposed = view.proposal.escalate;
    ticket.messages.push({ author: "agent", at: this.now(), body: `Handoff to ${words}:\n${summary}`, internal: true });
    ticket.status = "escalated";
    ticket.queue = request.queue;
    this.record(view, agent, "handoff", `Routed to the ${words} queue.`, {
      type: "handoff",
      queue: request.queue,
      proposed_queue: proposed?.queue ?? null,
      summary,
      proposed_summary: proposed?.summary ?? null,
    });
    return clone(view);
  }

  /** Audits a reply or a handoff: an event, no action. */
  private record(view: TicketView, agent: Agent, kind: "reply" | "handoff", message: string, event: AuditEntry["event"]): void {
    const auditId = this.nextAuditId();
    this.audit.push({
      audit_id: auditId,
      at: this.now(),
      kind,
      approval_id: null,
      agent_id: agent.agent_id,
      agent_role: agent.role,
      ticket_id: view.ticket.id,
      customer_id: view.proposal.customer_id,
      action: null,
      proposed: null,
      verdict: null,
      outcome: "executed",
      message,
      idempotency_key: null,
      system: "sandbox",
      external_id: null,
      event,
      hash: auditId.toString(16).padStart(64, "0"),
    });
  }

  async getPrefs(): Promise<Prefs> {
    await this.enter("getPrefs", []);
    return clone(this.prefs);
  }

  async setPrefs(prefs: Prefs): Promise<Prefs> {
    await this.enter("setPrefs", [clone(prefs)]);
    if (!Number.isInteger(prefs.undo_seconds) || prefs.undo_seconds < 0) {
      throw new BackendError("invalid_input", "The undo window is a whole number of seconds.");
    }
    if (prefs.undo_seconds > 30) throw new BackendError("invalid_input", "The undo window is at most 30 seconds.");
    if (prefs.agent_id !== null) this.agent(prefs.agent_id);
    this.prefs = clone(prefs);
    return clone(this.prefs);
  }

  async notify(title: string, body: string): Promise<boolean> {
    await this.enter("notify", [title, body]);
    const shown = this.prefs.notifications;
    this.notifications.push({ title, body, shown });
    return shown;
  }

  async takeStartupLink(): Promise<string | null> {
    await this.enter("takeStartupLink", []);
    const link = this.startupLink;
    this.startupLink = null;
    return link;
  }

  onOpenLink(handler: (link: string) => void): () => void {
    this.calls.push({ method: "onOpenLink", args: [] });
    this.linkHandlers.add(handler);
    return () => {
      this.linkHandlers.delete(handler);
    };
  }

  private connectionStatus(agentId: AgentId, kind: ConnectionKind): ConnectionStatus {
    const key = `${agentId}/${kind}`;
    const settings = this.connectionSettings.get(key) ?? {
      agent_id: agentId,
      kind,
      address: "",
      email: "",
      llm_api: "openai",
      model: "",
    };
    const problem = kind === "sandbox" ? null : this.keychainProblem;
    let credential: ConnectionStatus["credential"];
    if (kind === "sandbox") credential = "not_needed";
    else if (problem) credential = "unavailable";
    else credential = this.credentials.has(key) ? "stored" : "missing";
    return clone({ settings, credential, is_default: kind === "sandbox", problem });
  }

  private keychain(): void {
    if (this.keychainProblem) throw new BackendError("storage", this.keychainProblem);
  }

  async listConnections(agentId: AgentId): Promise<ConnectionStatus[]> {
    await this.enter("listConnections", [agentId]);
    const kinds: ConnectionKind[] = ["sandbox", "helpdesk", "shop", "billing", "llm"];
    return kinds.map((kind) => this.connectionStatus(agentId, kind));
  }

  async saveConnection(settings: ConnectionSettings, secret: string | null): Promise<ConnectionStatus> {
    await this.enter("saveConnection", [clone(settings), secret]);
    const key = `${settings.agent_id}/${settings.kind}`;
    if (secret !== null) {
      if (settings.kind === "sandbox")
        throw new BackendError("invalid_input", "The sandbox needs no credential, and none is stored for it.");
      if (secret.trim() === "") throw new BackendError("invalid_input", "The credential is empty.");
      this.keychain();
      this.credentials.set(key, secret.trim());
    }
    if (settings.kind !== "sandbox") {
      this.connectionSettings.set(key, {
        ...clone(settings),
        address: settings.address.trim(),
        email: settings.email.trim(),
        model: settings.model.trim(),
      });
    }
    return this.connectionStatus(settings.agent_id, settings.kind);
  }

  async removeCredential(agentId: AgentId, kind: ConnectionKind): Promise<ConnectionStatus> {
    await this.enter("removeCredential", [agentId, kind]);
    if (kind !== "sandbox") {
      this.keychain();
      this.credentials.delete(`${agentId}/${kind}`);
    }
    return this.connectionStatus(agentId, kind);
  }

  async testConnection(agentId: AgentId, kind: ConnectionKind): Promise<ConnectionCheck> {
    await this.enter("testConnection", [agentId, kind]);
    if (kind === "sandbox") {
      return {
        kind,
        outcome: "ok",
        account: null,
        message: "The sandbox store is built in and always available; it needs no credential.",
      };
    }
    this.keychain();
    if (!this.credentials.has(`${agentId}/${kind}`)) {
      const message = "No credential is stored for this connection; enter one and save.";
      return { kind, outcome: "not_set_up", account: null, message };
    }
    const preset = this.presetChecks.get(kind);
    if (preset) return clone(preset);
    return { kind, outcome: "ok", account: `Fake ${kind}`, message: `Connected to the fake ${kind} service.` };
  }
}

// An in-memory Backend for tests and previews. It behaves like the real one in
// the ways the UI cares about: approving an allowed action executes it once,
// records an audit entry, adds an outcome to the view and rewrites the reply;
// approving anything else is refused (and audited); bad ids reject with a
// BackendError. Every call is recorded in `calls`, and `failNext` makes the
// next call to a method reject.

import type { Backend } from "./backend";
import { BackendError } from "./backend";
import type {
  Agent,
  AgentId,
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
  TicketId,
  TicketSummary,
  TicketView,
} from "./bindings";
import { actionOf, actionTitle } from "../lib/actions";
import { decisionLabel } from "../lib/labels";
import type { Fixtures } from "./fixtures";
import { fixtures as defaultFixtures } from "./fixtures";

type Method = keyof Backend;

export interface Call {
  method: Method;
  args: unknown[];
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The store's filter: every field given must match exactly. */
function matchesAuditQuery(entry: AuditEntry, query: AuditQuery): boolean {
  return (
    (query.ticket_id === null || entry.ticket_id === query.ticket_id) &&
    (query.customer_id === null || entry.customer_id === query.customer_id) &&
    (query.agent_id === null || entry.agent_id === query.agent_id) &&
    (query.action === null || entry.action.type === query.action) &&
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

  constructor(fixtures: Fixtures = defaultFixtures, now: () => string = () => "2026-11-24T12:00:00Z") {
    const data = clone(fixtures);
    this.agents = data.agents;
    this.policy = data.policy;
    this.views = new Map(data.views.map((v) => [v.ticket.id, v]));
    this.queue = data.queue;
    this.audit = data.audit;
    this.replies = data.repliesAfterExecution;
    this.now = now;
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
    if (!view) throw new BackendError("not_found", `No ticket ${id}.`);
    return view;
  }

  async listQueue(): Promise<TicketSummary[]> {
    await this.enter("listQueue", []);
    return clone(this.queue);
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

  async approveAction(ticketId: TicketId, actionIndex: number, agentId: AgentId): Promise<ApprovalResult> {
    await this.enter("approveAction", [ticketId, actionIndex, agentId]);
    const view = this.view(ticketId);
    const agent = this.agents.find((a) => a.agent_id === agentId);
    if (!agent) throw new BackendError("invalid_input", `No agent ${agentId}.`);
    const proposed = view.proposal.actions[actionIndex];
    if (!proposed) throw new BackendError("invalid_input", `Ticket ${ticketId} has no action ${actionIndex + 1}.`);

    const action = actionOf(proposed);
    const done = view.outcomes.some((o) => o.action_index === actionIndex && o.outcome === "executed");
    let outcome: ApprovalResult["outcome"];
    let message: string;
    if (done) {
      outcome = "refused";
      message = "Refused: this action has already been executed.";
    } else if (proposed.verdict.decision !== "allowed") {
      outcome = "refused";
      message = `Refused: the policy says ${decisionLabel(proposed.verdict.decision)} (${proposed.verdict.rules.join(", ")}).`;
    } else {
      outcome = "executed";
      message = `Executed: ${actionTitle(action, view.context)}.`;
    }

    const at = this.now();
    const auditId = this.audit.reduce((max, e) => Math.max(max, e.audit_id), 0) + 1;
    this.audit.push({
      audit_id: auditId,
      at,
      agent_id: agent.agent_id,
      agent_role: agent.role,
      ticket_id: ticketId,
      customer_id: view.proposal.customer_id,
      action,
      verdict: proposed.verdict,
      outcome,
      message,
      idempotency_key: `fake-${ticketId}-${actionIndex}`,
      kind: outcome === "executed" ? "outcome" : "refusal",
      approval_id: outcome === "executed" ? auditId : null,
      proposed: action,
      system: outcome === "executed" ? "sandbox" : null,
      external_id: outcome === "executed" ? `sandbox-${auditId}` : null,
      hash: auditId.toString(16).padStart(64, "0"),
    });
    view.outcomes = [
      ...view.outcomes.filter((o) => o.action_index !== actionIndex),
      { action_index: actionIndex, outcome, message, audit_id: auditId, at },
    ];
    if (outcome === "executed") {
      view.proposal.reply = this.replies[ticketId] ?? `Hello,\n\nDone: ${actionTitle(action, view.context)}.\n\nSupport`;
      const allDone = view.proposal.actions.every(
        (a, i) =>
          a.verdict.decision !== "allowed" ||
          view.outcomes.some((o) => o.action_index === i && o.outcome === "executed"),
      );
      const entry = this.queue.find((s) => s.id === ticketId);
      if (entry && allDone) entry.state = "done";
    }
    return { outcome, message, audit_id: auditId, view: clone(view) };
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

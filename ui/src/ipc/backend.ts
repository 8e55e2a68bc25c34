// The one way the UI reaches the back end. Components get an implementation
// through BackendContext: the Tauri one in the app, the in-memory fake in tests.

import type {
  Action,
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
  PolicyStatus,
  Prefs,
  RouteTicket,
  SendReply,
  TicketId,
  TicketSummary,
  TicketView,
  Verdict,
} from "./bindings";

export interface Backend {
  /**
   * The tickets `agentId` works: those routed to a queue of theirs first
   * (`for_you`), then those routed nowhere; tickets routed to other queues are
   * left out. Without an agent, every ticket.
   */
  listQueue(agentId: AgentId | null): Promise<TicketSummary[]>;
  openTicket(id: TicketId): Promise<TicketView>;
  listAgents(): Promise<Agent[]>;
  /** Approves a proposed action; `edited` is the action as the agent changed it, null when unchanged. */
  approveAction(
    ticketId: TicketId,
    actionIndex: number,
    agentId: AgentId,
    edited: Action | null,
  ): Promise<ApprovalResult>;
  /** The policy's verdict on an edited action for this agent, now; nothing is recorded or run. */
  judgeAction(ticketId: TicketId, actionIndex: number, agentId: AgentId, edited: Action): Promise<Verdict>;
  /** Sends a reply or an internal note; a null status keeps the ticket's. */
  sendReply(request: SendReply): Promise<TicketView>;
  /** Routes a ticket to a human queue with a handoff summary: it becomes escalated. */
  routeTicket(request: RouteTicket): Promise<TicketView>;
  getPrefs(): Promise<Prefs>;
  /** Saves the desk's preferences whole and answers them as saved. */
  setPrefs(prefs: Prefs): Promise<Prefs>;
  /** Shows a desktop notification; false when notifications are switched off. */
  notify(title: string, body: string): Promise<boolean>;
  /** The deep link the app was started with, once; null after that or without one. */
  takeStartupLink(): Promise<string | null>;
  /** Calls `handler` with each deep link that arrives while the app runs; returns the way to stop. */
  onOpenLink(handler: (link: string) => void): () => void;
  listAudit(ticketId: TicketId | null): Promise<AuditEntry[]>;
  /** Keeps the agent's edited reply for a ticket (an empty text discards it). */
  saveDraft(ticketId: TicketId, text: string): Promise<void>;
  /** Drops the agent's edits: the proposal's reply shows again. */
  discardDraft(ticketId: TicketId): Promise<void>;
  /** The whole audit log narrowed by `query`, newest first. */
  searchAudit(query: AuditQuery): Promise<AuditEntry[]>;
  policyStatus(): Promise<PolicyStatus>;
  /** The agent's connections, the sandbox first: settings and whether a credential is stored, never the credential. */
  listConnections(agentId: AgentId): Promise<ConnectionStatus[]>;
  /** Saves the settings and, unless `secret` is null, a new credential into the OS keychain. */
  saveConnection(settings: ConnectionSettings, secret: string | null): Promise<ConnectionStatus>;
  /** Deletes the agent's credential for `kind` from the keychain; the settings stay. */
  removeCredential(agentId: AgentId, kind: ConnectionKind): Promise<ConnectionStatus>;
  /** A cheap authenticated read with the stored credential, its answer in words. */
  testConnection(agentId: AgentId, kind: ConnectionKind): Promise<ConnectionCheck>;
}

/** `ErrorCode` from the back end, or "unknown" for a rejection that was not a DeskError. */
export type BackendErrorCode = ErrorCode | "unknown";

/** Every rejection from a Backend is one of these. */
export class BackendError extends Error {
  readonly code: BackendErrorCode;

  constructor(code: BackendErrorCode, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

const CODES: readonly string[] = ["not_found", "invalid_input", "storage"] satisfies ErrorCode[];

/** Normalises whatever a rejection carried (a DeskError, a string, an Error…) into a BackendError. */
export function toBackendError(reason: unknown): BackendError {
  if (reason instanceof BackendError) return reason;
  if (typeof reason === "object" && reason !== null) {
    const { code, message } = reason as { code?: unknown; message?: unknown };
    if (typeof message === "string") {
      const known = typeof code === "string" && CODES.includes(code);
      return new BackendError(known ? (code as ErrorCode) : "unknown", message);
    }
  }
  if (typeof reason === "string" && reason.trim() !== "") return new BackendError("unknown", reason);
  if (reason instanceof Error) return new BackendError("unknown", reason.message);
  return new BackendError("unknown", "The back end did not answer as expected.");
}

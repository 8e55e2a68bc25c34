// The Backend over Tauri IPC. This folder is the only place that imports @tauri-apps.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Backend } from "./backend";
import { toBackendError } from "./backend";
import type {
  Agent,
  ApprovalResult,
  AuditEntry,
  ConnectionCheck,
  ConnectionStatus,
  PolicyStatus,
  Prefs,
  TicketSummary,
  TicketView,
  Verdict,
} from "./bindings";

/** The event the shell emits when a deep link arrives while the app runs. */
export const OPEN_LINK_EVENT = "countersign://open-link";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

/**
 * `listen` resolves its unsubscribe function later; a caller that stops before
 * then still gets the listener removed once it is known.
 */
function subscribe(handler: (link: string) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<string>(OPEN_LINK_EVENT, (event) => {
    if (!stopped && typeof event.payload === "string") handler(event.payload);
  }).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    (reason: unknown) => {
      // Links then only come from the start-up link and pasting; the desk works without them.
      console.warn(`Could not listen for opened links: ${toBackendError(reason).message}`);
    },
  );
  return () => {
    stopped = true;
    unlisten?.();
  };
}

export function createTauriBackend(): Backend {
  return {
    listQueue: (agentId) => call<TicketSummary[]>("list_queue", { agentId }),
    openTicket: (id) => call<TicketView>("open_ticket", { id }),
    listAgents: () => call<Agent[]>("list_agents"),
    approveAction: (ticketId, actionIndex, agentId, edited) =>
      call<ApprovalResult>("approve_action", { ticketId, actionIndex, agentId, edited }),
    judgeAction: (ticketId, actionIndex, agentId, edited) =>
      call<Verdict>("judge_action", { ticketId, actionIndex, agentId, edited }),
    sendReply: (request) => call<TicketView>("send_reply", { request }),
    routeTicket: (request) => call<TicketView>("route_ticket", { request }),
    getPrefs: () => call<Prefs>("get_prefs"),
    // The command's argument is named `new` (src-tauri/src/commands.rs `set_prefs`).
    setPrefs: (prefs) => call<Prefs>("set_prefs", { new: prefs }),
    notify: (title, body) => call<boolean>("notify", { title, body }),
    takeStartupLink: () => call<string | null>("take_startup_link"),
    onOpenLink: subscribe,
    listAudit: (ticketId) => call<AuditEntry[]>("list_audit", { ticketId }),
    saveDraft: (ticketId, text) => call<void>("save_draft", { ticketId, text }),
    discardDraft: (ticketId) => call<void>("discard_draft", { ticketId }),
    searchAudit: (query) => call<AuditEntry[]>("search_audit", { query }),
    policyStatus: () => call<PolicyStatus>("policy_status"),
    listConnections: (agentId) => call<ConnectionStatus[]>("list_connections", { agentId }),
    saveConnection: (settings, secret) => call<ConnectionStatus>("save_connection", { settings, secret }),
    removeCredential: (agentId, kind) => call<ConnectionStatus>("remove_credential", { agentId, kind }),
    testConnection: (agentId, kind) => call<ConnectionCheck>("test_connection", { agentId, kind }),
  };
}

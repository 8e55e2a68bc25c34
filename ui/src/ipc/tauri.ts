// The Backend over Tauri IPC. This folder is the only place that imports @tauri-apps.

import { invoke } from "@tauri-apps/api/core";
import type { Backend } from "./backend";
import { toBackendError } from "./backend";
import type {
  Agent,
  ApprovalResult,
  AuditEntry,
  ConnectionCheck,
  ConnectionStatus,
  PolicyStatus,
  TicketSummary,
  TicketView,
} from "./bindings";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toBackendError(reason);
  }
}

export function createTauriBackend(): Backend {
  return {
    listQueue: () => call<TicketSummary[]>("list_queue"),
    openTicket: (id) => call<TicketView>("open_ticket", { id }),
    listAgents: () => call<Agent[]>("list_agents"),
    approveAction: (ticketId, actionIndex, agentId) =>
      call<ApprovalResult>("approve_action", { ticketId, actionIndex, agentId }),
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

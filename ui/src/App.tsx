import { useCallback, useEffect, useState } from "react";
import { useShortcuts } from "./lib/shortcuts";
import { ShortcutsHelp } from "./components/ShortcutsHelp";
import { AgentPicker } from "./components/AgentPicker";
import { AuditLog } from "./components/AuditLog";
import { PolicyNotice } from "./components/PolicyNotice";
import { Queue } from "./components/Queue";
import { Settings } from "./components/Settings";
import { TicketView } from "./components/TicketView";
import { Toast } from "./components/Toast";
import { toBackendError } from "./ipc/backend";
import { useBackend } from "./ipc/BackendContext";
import type { Agent, AgentId, ApprovalResult, Outcome, TicketId, TicketSummary } from "./ipc/bindings";

export function App() {
  const backend = useBackend();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [agentsError, setAgentsError] = useState<string | null>(null);
  const [agentId, setAgentId] = useState<AgentId | null>(null);
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [queueError, setQueueError] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<TicketId | null>(null);
  const [page, setPage] = useState<"tickets" | "audit" | "settings">("tickets");
  const [help, setHelp] = useState(false);
  useShortcuts({ "?": () => setHelp((shown) => !shown) });
  const [toast, setToast] = useState<{ message: string; outcome: Outcome; key: number } | null>(null);

  const loadQueue = useCallback(async () => {
    try {
      const list = await backend.listQueue();
      setTickets(list);
      setQueueError(null);
    } catch (e) {
      setQueueError(toBackendError(e).message);
    }
  }, [backend]);

  useEffect(() => {
    void loadQueue();
  }, [loadQueue]);

  useEffect(() => {
    let live = true;
    backend.listAgents().then(
      (list) => {
        if (!live) return;
        setAgents(list);
        setAgentId((current) => current ?? list[0]?.agent_id ?? null);
      },
      (e: unknown) => {
        if (live) setAgentsError(`Could not load agents: ${toBackendError(e).message}`);
      },
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const select = useCallback((id: TicketId) => {
    setSelectedId(id);
    setToast(null);
  }, []);

  const onApproved = useCallback(
    (result: ApprovalResult) => {
      setToast({ message: result.message, outcome: result.outcome, key: result.audit_id });
      void loadQueue();
    },
    [loadQueue],
  );

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="topbar__name">Countersign</h1>
        <div role="group" aria-label="View" className="views">
          <button
            type="button"
            className="views__button"
            aria-pressed={page === "tickets"}
            onClick={() => setPage("tickets")}
          >
            Tickets
          </button>
          <button
            type="button"
            className="views__button"
            aria-pressed={page === "audit"}
            onClick={() => setPage("audit")}
          >
            Audit log
          </button>
          <button
            type="button"
            className="views__button"
            aria-pressed={page === "settings"}
            onClick={() => setPage("settings")}
          >
            Settings
          </button>
        </div>
        <PolicyNotice />
        <AgentPicker agents={agents} error={agentsError} value={agentId} onChange={setAgentId} />
      </header>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {page === "settings" ? (
        <main aria-label="Settings" className="main settings-page">
          <Settings agents={agents} agentId={agentId} />
        </main>
      ) : page === "audit" ? (
        <main aria-label="Audit log" className="main audit-page">
          <AuditLog agents={agents} />
        </main>
      ) : (
        <div className="layout">
          <Queue
            tickets={tickets}
            error={queueError}
            selectedId={selectedId}
            onSelect={select}
            onRetry={() => void loadQueue()}
          />
          <main aria-label="Ticket" className="main">
            {toast && (
              <Toast key={toast.key} message={toast.message} outcome={toast.outcome} onDismiss={() => setToast(null)} />
            )}
            {selectedId === null ? (
              <div className="empty">
                <p>Select a ticket from the queue.</p>
              </div>
            ) : (
              <TicketView key={selectedId} ticketId={selectedId} agentId={agentId} onApproved={onApproved} />
            )}
          </main>
        </div>
      )}
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from "react";
import { useShortcuts } from "./lib/shortcuts";
import { ShortcutsHelp } from "./components/ShortcutsHelp";
import { AgentPicker } from "./components/AgentPicker";
import { AuditLog } from "./components/AuditLog";
import { PolicyNotice } from "./components/PolicyNotice";
import { Queue } from "./components/Queue";
import { Settings } from "./components/Settings";
import type { TicketUpdate } from "./components/TicketView";
import { TicketView } from "./components/TicketView";
import type { ToastTone } from "./components/Toast";
import { Toast } from "./components/Toast";
import { UndoBar } from "./components/UndoBar";
import { WarmUp } from "./components/WarmUp";
import type { ApprovalRequest, Finished } from "./hooks/useApprovals";
import { useApprovals } from "./hooks/useApprovals";
import { usePrefs } from "./hooks/usePrefs";
import { useQueue } from "./hooks/useQueue";
import { useTicketLinks } from "./hooks/useTicketLinks";
import { toBackendError } from "./ipc/backend";
import { useBackend } from "./ipc/BackendContext";
import type { Agent, AgentId, QueueName, TicketId, TicketSummary } from "./ipc/bindings";
import { approvalNotice } from "./lib/desk";
import { queueLabel } from "./lib/labels";

/** An approval that takes longer than this is worth a notification when the desk is not in front. */
export const LONG_APPROVAL_MS = 3_000;

function inBackground(): boolean {
  return document.hidden || !document.hasFocus();
}

/** The agent saved in the preferences when there is such an agent, else the first. */
function pickAgent(agents: Agent[] | null, saved: AgentId | null): AgentId | null {
  if (!agents) return null;
  return agents.find((a) => a.agent_id === saved)?.agent_id ?? agents[0]?.agent_id ?? null;
}

export function App() {
  const backend = useBackend();
  const [agents, setAgents] = useState<Agent[] | null>(null);
  const [agentsError, setAgentsError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<AgentId | null>(null);
  const prefs = usePrefs();
  const agentId = chosen ?? pickAgent(agents, prefs.prefs.agent_id);
  const agent = agents?.find((a) => a.agent_id === agentId) ?? null;
  // The queue depends on the agent: it waits until the agent is known (or cannot be).
  const ready = prefs.loaded && (agents !== null || agentsError !== null);
  const [selectedId, setSelectedId] = useState<TicketId | null>(null);
  const [page, setPage] = useState<"tickets" | "audit" | "settings">("tickets");
  const [help, setHelp] = useState(false);
  const [toast, setToast] = useState<{ message: string; tone: ToastTone; key: number } | null>(null);
  const [update, setUpdate] = useState<TicketUpdate | null>(null);
  const toastKey = useRef(0);
  const shown = useRef<TicketId | null>(null);
  shown.current = selectedId;

  const say = useCallback((message: string, tone: ToastTone) => {
    toastKey.current += 1;
    setToast({ message, tone, key: toastKey.current });
  }, []);

  // A notification that cannot be shown is not worth interrupting the agent for.
  const notify = useCallback(
    (title: string, body: string) => void backend.notify(title, body).catch(() => false),
    [backend],
  );

  const routedToYou = useCallback(
    (fresh: TicketSummary[]) => {
      for (const t of fresh) {
        notify("Escalated to your queue", `${t.subject ?? t.preview} (${t.queue ? queueLabel(t.queue) : "your queue"})`);
      }
    },
    [notify],
  );
  const queue = useQueue(agentId, ready, routedToYou);
  const { reload } = queue;

  const finished = useCallback(
    ({ run, result, took }: Finished) => {
      // The agent may have moved on: say which ticket the outcome is about.
      const about = run.ticketId === shown.current ? "" : `Ticket ${run.ticketId}: `;
      say(`${about}${result.message}`, result.outcome);
      setUpdate((last) => ({ ticketId: run.ticketId, view: result.view, seq: (last?.seq ?? 0) + 1 }));
      void reload();
      if (took > LONG_APPROVAL_MS && inBackground()) {
        notify(approvalNotice(result.outcome), `Ticket ${run.ticketId}: ${result.message}`);
      }
    },
    [notify, reload, say],
  );
  const approvals = useApprovals(finished);
  const waiting = approvals.runs.some((r) => r.phase === "waiting");

  useShortcuts({
    "?": () => setHelp((shown) => !shown),
    ...(waiting ? { Escape: approvals.undo } : {}),
  });

  useEffect(() => {
    let live = true;
    backend.listAgents().then(
      (list) => {
        if (live) setAgents(list);
      },
      (e: unknown) => {
        if (live) setAgentsError(`Could not load agents: ${toBackendError(e).message}`);
      },
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const { save: savePrefs, prefs: currentPrefs } = prefs;
  const changeAgent = useCallback(
    (id: AgentId) => {
      setChosen(id);
      void savePrefs({ ...currentPrefs, agent_id: id });
    },
    [currentPrefs, savePrefs],
  );

  const select = useCallback((id: TicketId) => {
    setSelectedId(id);
    setToast(null);
  }, []);

  const tickets = queue.tickets;
  const openLinked = useCallback(
    async (id: TicketId) => {
      setPage("tickets");
      if (tickets?.some((t) => t.id === id)) {
        select(id);
        return;
      }
      // Not in this agent's queue: it may still exist (routed elsewhere, say).
      try {
        await backend.openTicket(id);
        select(id);
      } catch (e) {
        say(toBackendError(e).message, "error");
      }
    },
    [backend, say, select, tickets],
  );
  useTicketLinks(
    (id) => void openLinked(id),
    (message) => say(message, "error"),
  );

  const startApproval = useCallback(
    (request: ApprovalRequest, immediately: boolean) =>
      approvals.start(request, immediately ? 0 : currentPrefs.undo_seconds),
    [approvals, currentPrefs.undo_seconds],
  );

  const onSent = useCallback(
    (message: string) => {
      say(message, "ok");
      void reload();
    },
    [reload, say],
  );

  // The routed ticket leaves the queue (or moves in it): go on with the one after it.
  const onRouted = useCallback(
    async (ticketId: TicketId, routedTo: QueueName) => {
      const before = tickets ?? [];
      say(`Routed to ${queueLabel(routedTo)}.`, "ok");
      const after = await reload();
      if (!after) return;
      const at = before.findIndex((t) => t.id === ticketId);
      const order = at === -1 ? before : [...before.slice(at + 1), ...before.slice(0, at).reverse()];
      const still = (id: TicketId) => id !== ticketId && after.some((t) => t.id === id);
      const next = order.find((t) => still(t.id))?.id ?? after.find((t) => t.id !== ticketId)?.id ?? null;
      setSelectedId(next);
    },
    [reload, say, tickets],
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
        <AgentPicker agents={agents} error={agentsError} value={agentId} onChange={changeAgent} />
      </header>
      <UndoBar runs={approvals.runs} onUndo={approvals.undo} onRunNow={approvals.runNow} />
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
      {page === "settings" ? (
        <main aria-label="Settings" className="main settings-page">
          <Settings agents={agents} agentId={agentId} onAgentChange={changeAgent} prefs={prefs} />
        </main>
      ) : page === "audit" ? (
        <main aria-label="Audit log" className="main audit-page">
          <AuditLog agents={agents} />
        </main>
      ) : (
        <div className="layout">
          <Queue
            tickets={tickets}
            error={queue.error}
            selectedId={selectedId}
            onSelect={select}
            onRetry={() => void reload()}
          />
          <main aria-label="Ticket" className="main">
            {toast && (
              <Toast key={toast.key} message={toast.message} tone={toast.tone} onDismiss={() => setToast(null)} />
            )}
            {selectedId === null ? (
              <div className="empty">
                <p>Select a ticket from the queue.</p>
              </div>
            ) : (
              <TicketView
                key={selectedId}
                ticketId={selectedId}
                agent={agent}
                runs={approvals.runs}
                errors={approvals.errors}
                update={update}
                onApprove={startApproval}
                onSent={onSent}
                onRouted={(id, routedTo) => void onRouted(id, routedTo)}
              />
            )}
          </main>
        </div>
      )}
      <WarmUp tickets={tickets} agent={agent} />
    </div>
  );
}

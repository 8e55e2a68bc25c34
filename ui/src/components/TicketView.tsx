import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { AgentId, ApprovalResult, AuditEntry, TicketId, TicketView as View } from "../ipc/bindings";
import { orderIdsOf } from "../lib/actions";
import { useShortcuts } from "../lib/shortcuts";
import { canApprove } from "./ActionCard";
import { AuditTrail } from "./AuditTrail";
import { Conversation } from "./Conversation";
import { CustomerPanel } from "./CustomerPanel";
import { ProposalPanel } from "./ProposalPanel";
import { ReplyDraft } from "./ReplyDraft";

interface Props {
  ticketId: TicketId;
  agentId: AgentId | null;
  onApproved: (result: ApprovalResult) => void;
}

/**
 * One ticket: loads its view and audit trail, and runs approvals. The parent
 * mounts a fresh one per ticket (key = ticket id), so no state leaks between tickets.
 */
export function TicketView({ ticketId, agentId, onApproved }: Props) {
  const backend = useBackend();
  const [view, setView] = useState<View | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [viewVersion, setViewVersion] = useState(0);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [auditError, setAuditError] = useState<string | null>(null);
  const [running, setRunning] = useState<number | null>(null);
  const [approveError, setApproveError] = useState<{ index: number; message: string } | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const loadView = useCallback(async () => {
    setViewError(null);
    try {
      const v = await backend.openTicket(ticketId);
      if (!mounted.current) return;
      setView(v);
      setViewVersion((n) => n + 1);
    } catch (e) {
      if (mounted.current) setViewError(toBackendError(e).message);
    }
  }, [backend, ticketId]);

  const loadAudit = useCallback(async () => {
    try {
      const entries = await backend.listAudit(ticketId);
      if (!mounted.current) return;
      setAudit(entries);
      setAuditError(null);
    } catch (e) {
      if (mounted.current) setAuditError(toBackendError(e).message);
    }
  }, [backend, ticketId]);

  useEffect(() => {
    void loadView();
    void loadAudit();
  }, [loadView, loadAudit]);

  const approve = useCallback(
    async (index: number) => {
      if (!agentId || running !== null) return;
      setRunning(index);
      setApproveError(null);
      try {
        const result = await backend.approveAction(ticketId, index, agentId);
        if (mounted.current) {
          setView(result.view);
          setViewVersion((n) => n + 1);
        }
        onApproved(result);
        void loadAudit();
      } catch (e) {
        if (mounted.current) setApproveError({ index, message: toBackendError(e).message });
      } finally {
        if (mounted.current) setRunning(null);
      }
    },
    [agentId, backend, loadAudit, onApproved, running, ticketId],
  );

  const focusOrders = useMemo(() => orderIdsOf(view?.proposal.actions ?? []), [view]);

  // a: approve the first action that can run; e: into the reply editor.
  useShortcuts({
    a: () => {
      if (!view) return;
      const index = view.proposal.actions.findIndex((action, i) =>
        canApprove(
          action,
          [...view.outcomes].reverse().find((o) => o.action_index === i),
        ),
      );
      if (index !== -1) void approve(index);
    },
    e: () => document.querySelector<HTMLTextAreaElement>('textarea[aria-label="Reply"]')?.focus(),
  });

  if (viewError && !view) {
    return (
      <div role="alert" className="notice notice--error">
        <p>
          Could not open ticket {ticketId}: {viewError}
        </p>
        <button type="button" className="button" onClick={() => void loadView()}>
          Try again
        </button>
      </div>
    );
  }
  if (!view) {
    return <p className="muted empty">Loading ticket {ticketId}…</p>;
  }

  return (
    <div className="ticket">
      {/* What the agent acts on comes first; the evidence follows. */}
      <ProposalPanel
        view={view}
        runningIndex={running}
        canStart={agentId !== null}
        error={approveError}
        onApprove={(i) => void approve(i)}
      />
      <ReplyDraft key={viewVersion} ticketId={ticketId} reply={view.proposal.reply} draft={view.draft} />
      <Conversation ticket={view.ticket} />
      <CustomerPanel context={view.context} focusOrders={focusOrders} />
      <AuditTrail entries={audit} error={auditError} />
    </div>
  );
}

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Agent, AuditEntry, QueueName, TicketId, TicketView as View } from "../ipc/bindings";
import { useActionEdits } from "../hooks/useActionEdits";
import type { ApprovalRequest, ApprovalRun } from "../hooks/useApprovals";
import { approvalKey } from "../hooks/useApprovals";
import { actionInProgress, orderIdsOf } from "../lib/actions";
import { defaultReplyStatus, latestOutcome } from "../lib/desk";
import { useShortcuts } from "../lib/shortcuts";
import { actionState } from "./ActionCard";
import { AuditTrail } from "./AuditTrail";
import { Conversation } from "./Conversation";
import { CustomerPanel } from "./CustomerPanel";
import { Handoff } from "./Handoff";
import { ProposalPanel } from "./ProposalPanel";
import { ReplyDraft } from "./ReplyDraft";

/** A newer view of a ticket from an approval that finished above this view. */
export interface TicketUpdate {
  ticketId: TicketId;
  view: View;
  /** Increases with every update. */
  seq: number;
}

interface Props {
  ticketId: TicketId;
  /** The approving agent; null before one is chosen. */
  agent: Agent | null;
  /** Approvals waiting or running, on any ticket. */
  runs: ApprovalRun[];
  /** Why approvals could not be sent, by `approvalKey`. */
  errors: Readonly<Record<string, string>>;
  update: TicketUpdate | null;
  /** Starts an approval: after the undo window, or at once (a retry). */
  onApprove: (request: ApprovalRequest, immediately: boolean) => void;
  onSent: (message: string) => void;
  onRouted: (ticketId: TicketId, queue: QueueName) => void;
  /**
   * A view to render as it is, loading nothing and answering no keys: the
   * desk's start-up warm-up renders one out of sight, so that the agent's first
   * ticket opens as fast as every later one.
   */
  preview?: View;
}

/**
 * One ticket: loads its view and audit trail; approvals start here and run
 * above it. The parent mounts a fresh one per ticket (key = ticket id), so no
 * state leaks between tickets.
 */
export function TicketView({ ticketId, agent, runs, errors, update, onApprove, onSent, onRouted, preview }: Props) {
  const backend = useBackend();
  const [view, setView] = useState<View | null>(preview ?? null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [viewVersion, setViewVersion] = useState(0);
  const [audit, setAudit] = useState<AuditEntry[] | null>(null);
  const [auditError, setAuditError] = useState<string | null>(null);
  // Updates from before this view was opened are older than what it loads.
  const [since] = useState(() => update?.seq ?? 0);
  const mounted = useRef(true);
  const agentId = agent?.agent_id ?? null;
  const { edits, setAmount } = useActionEdits(ticketId, view?.proposal.actions ?? [], agentId);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const show = useCallback((next: View) => {
    setView(next);
    setViewVersion((n) => n + 1);
  }, []);

  const loadView = useCallback(async () => {
    setViewError(null);
    try {
      const v = await backend.openTicket(ticketId);
      if (mounted.current) show(v);
    } catch (e) {
      if (mounted.current) setViewError(toBackendError(e).message);
    }
  }, [backend, ticketId, show]);

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

  const live = preview === undefined;
  useEffect(() => {
    if (!live) return;
    void loadView();
    void loadAudit();
  }, [live, loadView, loadAudit]);

  useEffect(() => {
    if (update && update.ticketId === ticketId && update.seq > since) {
      show(update.view);
      void loadAudit();
    }
  }, [update, ticketId, since, show, loadAudit]);

  const phaseOf = (index: number) => runs.find((r) => r.ticketId === ticketId && r.index === index)?.phase ?? null;

  const approvable = (index: number) => {
    const proposed = view?.proposal.actions[index];
    if (!view || !proposed || phaseOf(index) !== null) return null;
    const state = actionState(proposed, edits[index], latestOutcome(view.outcomes, index), agent?.role ?? null);
    return state.approvable ? state : null;
  };

  const approve = (index: number, immediately = false) => {
    const state = approvable(index);
    if (!state || agentId === null) return;
    onApprove({ ticketId, index, agentId, edited: state.edited, doing: actionInProgress(state.action) }, immediately);
  };

  const focusOrders = useMemo(() => orderIdsOf(view?.proposal.actions ?? []), [view]);

  // a: approve the first action that can run.
  useShortcuts(
    {
      a: () => {
        const index = view?.proposal.actions.findIndex((_, i) => approvable(i) !== null) ?? -1;
        if (index !== -1) approve(index);
      },
    },
    live,
  );

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
        role={agent?.role ?? null}
        edits={edits}
        onAmountChange={setAmount}
        phaseOf={phaseOf}
        blocked={agentId === null}
        errorOf={(i) => errors[approvalKey(ticketId, i)] ?? null}
        onApprove={(i) => approve(i)}
        onRetry={(i) => approve(i, true)}
        handoff={
          <Handoff
            view={view}
            agentId={agentId}
            onRouted={(routed, queue) => {
              show(routed);
              void loadAudit();
              onRouted(ticketId, queue);
            }}
          />
        }
      />
      <ReplyDraft
        key={viewVersion}
        ticketId={ticketId}
        reply={view.proposal.reply}
        draft={view.draft}
        agentId={agentId}
        status={view.ticket.status}
        replyStatus={defaultReplyStatus(view)}
        onSent={(sent, message) => {
          show(sent);
          void loadAudit();
          onSent(message);
        }}
      />
      <Conversation ticket={view.ticket} />
      <CustomerPanel context={view.context} focusOrders={focusOrders} />
      <AuditTrail entries={audit} error={auditError} />
    </div>
  );
}

import { useEffect, useId, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { AgentId, QueueName, TicketView } from "../ipc/bindings";
import { defaultQueue, handoffSummary } from "../lib/desk";
import { QUEUE_NAMES, queueLabel } from "../lib/labels";
import { useShortcuts } from "../lib/shortcuts";

interface Props {
  view: TicketView;
  agentId: AgentId | null;
  onRouted: (view: TicketView, queue: QueueName) => void;
}

/**
 * The handoff to a human queue. An escalated proposal shows it open, with the
 * engine's summary and queue for the agent to check and edit; any other ticket
 * can be escalated by hand ("Escalate", or x), from a summary made of what the
 * desk knows. x also puts the cursor in the summary.
 */
export function Handoff({ view, agentId, onRouted }: Props) {
  const backend = useBackend();
  const { proposal, ticket } = view;
  const escalated = proposal.escalate !== null || ticket.status === "escalated";
  const [open, setOpen] = useState(escalated);
  const [summary, setSummary] = useState(() => proposal.escalate?.summary ?? handoffSummary(view));
  const [queue, setQueue] = useState<QueueName>(
    () => ticket.queue ?? proposal.escalate?.queue ?? defaultQueue(proposal.intent),
  );
  const [routing, setRouting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [focusWanted, setFocusWanted] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const summaryId = useId();
  const queueId = useId();
  const solved = ticket.status === "solved";

  useEffect(() => {
    if (open && focusWanted) {
      editor.current?.focus();
      setFocusWanted(false);
    }
  }, [open, focusWanted]);

  const startEditing = () => {
    setOpen(true);
    setFocusWanted(true);
  };
  useShortcuts({ x: () => (open || !solved ? startEditing() : undefined) });

  const route = async () => {
    if (agentId === null || summary.trim() === "") return;
    setRouting(true);
    setError(null);
    try {
      const routed = await backend.routeTicket({ ticket_id: ticket.id, agent_id: agentId, queue, summary });
      onRouted(routed, queue);
    } catch (e) {
      setError(toBackendError(e).message);
    } finally {
      setRouting(false);
    }
  };

  if (!open) {
    if (solved) return null;
    return (
      <div className="handoff-start">
        <button type="button" className="button" onClick={startEditing}>
          Escalate
        </button>
        <span className="muted"> Hand the ticket to a human queue (x).</span>
      </div>
    );
  }

  const rules = proposal.escalate?.rules ?? [];
  const label = queueLabel(queue);
  const title = proposal.escalate ? `Escalate to ${queueLabel(proposal.escalate.queue)}` : "Escalate by hand";
  return (
    <section aria-label="Handoff" className="handoff">
      <h3 className="subhead">{title}</h3>
      {ticket.queue && (
        <p>
          <span className="muted">Routed to </span>
          <strong>{queueLabel(ticket.queue)}</strong>
          <span className="muted"> ({ticket.queue})</span>
        </p>
      )}
      <p>
        <span className="muted">Rules: </span>
        {rules.length > 0
          ? rules.map((r) => (
              <span key={r} className="rule">
                {r}
              </span>
            ))
          : "none: escalated by the agent"}
      </p>
      <div className="field">
        <label className="field__label" htmlFor={summaryId}>
          Handoff summary
        </label>
        <textarea
          ref={editor}
          id={summaryId}
          className="reply handoff__summary"
          rows={Math.min(12, Math.max(4, summary.split("\n").length + 1))}
          value={summary}
          aria-invalid={summary.trim() === ""}
          onChange={(e) => setSummary(e.target.value)}
        />
        {summary.trim() === "" && <p className="amount-field__problem">Write what the queue needs to know.</p>}
      </div>
      <div className="handoff__foot">
        <div className="field handoff__queue">
          <label className="field__label" htmlFor={queueId}>
            Queue
          </label>
          <select id={queueId} value={queue} onChange={(e) => setQueue(e.target.value as QueueName)}>
            {QUEUE_NAMES.map((q) => (
              <option key={q} value={q}>
                {queueLabel(q)}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--primary"
          disabled={routing || agentId === null || summary.trim() === ""}
          onClick={() => void route()}
        >
          {routing ? "Routing…" : `Route to ${label}`}
        </button>
        {!escalated && (
          <button type="button" className="button" disabled={routing} onClick={() => setOpen(false)}>
            Cancel
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="notice notice--error">
          Could not route the ticket: {error}
        </p>
      )}
    </section>
  );
}

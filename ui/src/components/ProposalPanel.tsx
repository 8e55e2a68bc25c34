import type { ActionOutcome, TicketView } from "../ipc/bindings";
import { intentLabel } from "../lib/labels";
import { ActionCard } from "./ActionCard";
import { Handoff } from "./Handoff";
import { Refused } from "./Refused";

interface Props {
  view: TicketView;
  runningIndex: number | null;
  canStart: boolean;
  error: { index: number; message: string } | null;
  onApprove: (index: number) => void;
}

function outcomeFor(outcomes: ActionOutcome[], index: number): ActionOutcome | undefined {
  // The latest outcome for the index wins.
  let found: ActionOutcome | undefined;
  for (const o of outcomes) if (o.action_index === index) found = o;
  return found;
}

export function ProposalPanel({ view, runningIndex, canStart, error, onApprove }: Props) {
  const { proposal } = view;
  return (
    <section aria-label="Proposal" className="panel">
      <h2 className="panel__title">Proposal</h2>
      <dl className="facts">
        <dt>Intent</dt>
        <dd>{intentLabel(proposal.intent)}</dd>
        <dt>Confidence</dt>
        <dd>{Math.round(proposal.confidence * 100)}%</dd>
      </dl>
      {proposal.actions.length === 0 ? (
        <p className="muted">No actions proposed: reply only.</p>
      ) : (
        <div className="actions">
          {proposal.actions.map((action, i) => (
            <ActionCard
              key={i}
              index={i}
              action={action}
              context={view.context}
              outcome={outcomeFor(view.outcomes, i)}
              running={runningIndex === i}
              blocked={runningIndex !== null || !canStart}
              error={error?.index === i ? error.message : null}
              onApprove={onApprove}
            />
          ))}
        </div>
      )}
      <Refused denied={proposal.denied} />
      {proposal.escalate && <Handoff escalation={proposal.escalate} />}
    </section>
  );
}

import type { ReactNode } from "react";
import type { Role, TicketView } from "../ipc/bindings";
import type { ActionEdit } from "../hooks/useActionEdits";
import { latestOutcome } from "../lib/desk";
import { intentLabel } from "../lib/labels";
import type { ApprovalPhase } from "./ActionCard";
import { ActionCard } from "./ActionCard";
import { Refused } from "./Refused";

interface Props {
  view: TicketView;
  role: Role | null;
  edits: Readonly<Record<number, ActionEdit>>;
  onAmountChange: (index: number, text: string) => void;
  phaseOf: (index: number) => ApprovalPhase;
  /** No approving agent is chosen. */
  blocked: boolean;
  errorOf: (index: number) => string | null;
  onApprove: (index: number) => void;
  onRetry: (index: number) => void;
  /** The handoff, escalated or to escalate by hand. */
  handoff: ReactNode;
}

export function ProposalPanel({ view, role, edits, phaseOf, errorOf, handoff, ...rest }: Props) {
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
              outcome={latestOutcome(view.outcomes, i)}
              role={role}
              edit={edits[i]}
              onAmountChange={rest.onAmountChange}
              phase={phaseOf(i)}
              blocked={rest.blocked}
              error={errorOf(i)}
              onApprove={rest.onApprove}
              onRetry={rest.onRetry}
            />
          ))}
        </div>
      )}
      <Refused denied={proposal.denied} />
      {handoff}
    </section>
  );
}

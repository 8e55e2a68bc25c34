import type { ActionOutcome, CustomerContext, ProposedAction } from "../ipc/bindings";
import { describeAction } from "../lib/actions";
import { decisionLabel, outcomeLabel } from "../lib/labels";
import { ActionParams } from "./ActionParams";
import { Badge } from "./Badge";

interface Props {
  index: number;
  action: ProposedAction;
  context: CustomerContext | null;
  outcome: ActionOutcome | undefined;
  /** This action's approval is running. */
  running: boolean;
  /** Some approval is running, or no approving agent is chosen: no new one may start. */
  blocked: boolean;
  error: string | null;
  onApprove: (index: number) => void;
}

export function canApprove(action: ProposedAction, outcome: ActionOutcome | undefined): boolean {
  // Executed, or approved and still running or unconfirmed: not again.
  const settled = outcome !== undefined && ["executed", "pending", "unconfirmed"].includes(outcome.outcome);
  return action.verdict.decision === "allowed" && !settled;
}

export function ActionCard({ index, action, context, outcome, running, blocked, error, onApprove }: Props) {
  const { title, params } = describeAction(action, context);
  const { verdict } = action;
  const approvable = canApprove(action, outcome);
  return (
    <article aria-label={`Action ${index + 1}: ${action.type}`} className={`action action--${verdict.decision}`}>
      <header className="action__head">
        <h3 className="action__title">
          <span className="muted">{index + 1}.</span> {title}
        </h3>
        <Badge tone={`decision-${verdict.decision}`}>{decisionLabel(verdict.decision)}</Badge>
      </header>

      <ActionParams params={params} />

      <div className="verdict">
        <p className="verdict__rules">
          <span className="muted">Rules: </span>
          {verdict.rules.length > 0
            ? verdict.rules.map((r) => (
                <span key={r} className="rule">
                  {r}
                </span>
              ))
            : "none"}
        </p>
        <p className="verdict__explanation">{verdict.explanation}</p>
        {verdict.required_role && <p className="verdict__role">Needs approval by: {verdict.required_role}</p>}
      </div>

      {outcome && (
        <div role="status" className={`outcome outcome--${outcome.outcome}`}>
          <strong>{outcomeLabel(outcome.outcome)}</strong>: {outcome.message}
        </div>
      )}

      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}

      <div className="action__foot">
        <button
          type="button"
          className="button button--primary"
          aria-label={`Approve action ${index + 1}`}
          disabled={!approvable || running || blocked}
          onClick={() => onApprove(index)}
        >
          {running ? "Running…" : "Approve"}
        </button>
      </div>
    </article>
  );
}

import type { Action, ActionOutcome, CustomerContext, ProposedAction, Role, Verdict } from "../ipc/bindings";
import type { ActionEdit } from "../hooks/useActionEdits";
import { actionOf, describeAction } from "../lib/actions";
import { changedKeys } from "../lib/audit";
import { canGive } from "../lib/desk";
import { decisionLabel, outcomeLabel } from "../lib/labels";
import { ActionParams } from "./ActionParams";
import { AmountField } from "./AmountField";
import { Badge } from "./Badge";
import { VerdictView } from "./VerdictView";

/** Where an action's approval stands above the card: waiting out the undo window, or being carried out. */
export type ApprovalPhase = "waiting" | "running" | null;

interface Props {
  index: number;
  action: ProposedAction;
  context: CustomerContext | null;
  outcome: ActionOutcome | undefined;
  /** The approving agent's role; null before one is chosen. */
  role: Role | null;
  edit: ActionEdit | undefined;
  onAmountChange: (index: number, text: string) => void;
  phase: ApprovalPhase;
  /** No approving agent is chosen: no approval may start. */
  blocked: boolean;
  /** Why the last approval could not be sent. */
  error: string | null;
  onApprove: (index: number) => void;
  /** Approves again, at once: after a failure. */
  onRetry: (index: number) => void;
}

/** Whether an action may be approved (again), given its latest outcome and the verdict that applies. */
export function canApprove(
  action: ProposedAction,
  outcome: ActionOutcome | undefined,
  role: Role | null = null,
  verdict: Verdict = action.verdict,
): boolean {
  // Executed, or approved and still running or unconfirmed: not again.
  const settled = outcome !== undefined && ["executed", "pending", "unconfirmed"].includes(outcome.outcome);
  return canGive(verdict, role) && !settled;
}

export interface ActionState {
  /** The action as it would run: as edited, or as proposed. */
  action: Action;
  /** The edit, when there is a valid one that changes something. */
  edited: Action | null;
  /** The verdict that applies: on the edit once judged, else the proposal's; null while the policy is asked. */
  verdict: Verdict | null;
  approvable: boolean;
}

/** What approving a card would do now, and whether it may. */
export function actionState(
  proposed: ProposedAction,
  edit: ActionEdit | undefined,
  outcome: ActionOutcome | undefined,
  role: Role | null,
): ActionState {
  const edited = edit?.edited ?? null;
  const verdict = edited ? (edit?.verdict ?? null) : proposed.verdict;
  const valid = edit === undefined || edit.parsed.ok;
  const approvable = valid && verdict !== null && canApprove(proposed, outcome, role, verdict);
  return { action: edited ?? actionOf(proposed), edited, verdict, approvable };
}

function OutcomeView({ index, outcome, canRetry, onRetry }: {
  index: number;
  outcome: ActionOutcome;
  canRetry: boolean;
  onRetry: (index: number) => void;
}) {
  if (outcome.outcome !== "failed") {
    return (
      <div role="status" className={`outcome outcome--${outcome.outcome}`}>
        <strong>{outcomeLabel(outcome.outcome)}</strong>: {outcome.message}
      </div>
    );
  }
  // The back end's message says what to do next: it is the point of the card now.
  return (
    <div role="alert" className="outcome outcome--failed outcome--next">
      <p>
        <strong>Failed</strong>: {outcome.message}
      </p>
      <button
        type="button"
        className="button"
        aria-label={`Retry action ${index + 1}`}
        disabled={!canRetry}
        onClick={() => onRetry(index)}
      >
        Retry
      </button>
    </div>
  );
}

export function ActionCard(props: Props) {
  const { index, action, context, outcome, role, edit, phase, blocked, error } = props;
  const state = actionState(action, edit, outcome, role);
  const { title, params } = describeAction(state.action, context);
  const changed = state.edited ? changedKeys(actionOf(action), state.edited) : undefined;
  const shown = state.verdict ?? action.verdict;
  const settled = outcome !== undefined && ["executed", "pending", "unconfirmed"].includes(outcome.outcome);
  const idle = phase === null && !blocked;
  let label = "Approve";
  if (phase === "waiting") label = "Approved: waiting";
  if (phase === "running") label = "Carrying out…";
  return (
    <article aria-label={`Action ${index + 1}: ${action.type}`} className={`action action--${shown.decision}`}>
      <header className="action__head">
        <h3 className="action__title">
          <span className="muted">{index + 1}.</span> {title}
        </h3>
        <Badge tone={`decision-${shown.decision}`}>{decisionLabel(shown.decision)}</Badge>
      </header>

      <ActionParams params={params} edited={changed} />

      {action.type === "refund" && (
        <AmountField
          proposed={action.amount}
          edit={edit}
          disabled={settled || phase !== null}
          onChange={(text) => props.onAmountChange(index, text)}
        />
      )}

      <VerdictView
        verdict={state.verdict}
        role={role}
        onEdit={state.edited !== null}
        error={state.edited ? (edit?.error ?? null) : null}
      />

      {outcome && (
        <OutcomeView index={index} outcome={outcome} canRetry={idle && state.approvable} onRetry={props.onRetry} />
      )}

      {error && (
        <div role="alert" className="notice notice--error">
          <p>{error}</p>
          {outcome?.outcome !== "failed" && (
            <button
              type="button"
              className="button"
              aria-label={`Retry action ${index + 1}`}
              disabled={!idle || !state.approvable}
              onClick={() => props.onRetry(index)}
            >
              Retry
            </button>
          )}
        </div>
      )}

      <div className="action__foot">
        <button
          type="button"
          className="button button--primary"
          aria-label={`Approve action ${index + 1}`}
          disabled={!state.approvable || !idle}
          onClick={() => props.onApprove(index)}
        >
          {label}
        </button>
      </div>
    </article>
  );
}

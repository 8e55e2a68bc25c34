import { useId } from "react";
import type { ActionEdit } from "../hooks/useActionEdits";
import { formatMoney } from "../lib/money";

interface Props {
  /** The amount the proposal has. */
  proposed: string;
  edit: ActionEdit | undefined;
  disabled: boolean;
  onChange: (text: string) => void;
}

/** A refund's amount, editable: typed as text and read exactly (never as a float). */
export function AmountField({ proposed, edit, disabled, onChange }: Props) {
  const id = useId();
  const problemId = useId();
  const problem = edit && !edit.parsed.ok ? edit.parsed.problem : null;
  const changed = edit?.edited != null;
  return (
    <div className="amount-field">
      <label className="field__label" htmlFor={id}>
        Refund amount
      </label>
      <span className="amount-field__box">
        <span className="amount-field__currency" aria-hidden="true">
          $
        </span>
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          className="amount-field__input"
          value={edit?.text ?? proposed}
          disabled={disabled}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </span>
      {problem && (
        <p id={problemId} className="amount-field__problem">
          {problem}
        </p>
      )}
      {changed && <p className="muted amount-field__note">Proposed: {formatMoney(proposed)}</p>}
    </div>
  );
}

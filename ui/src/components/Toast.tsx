import type { Outcome } from "../ipc/bindings";

interface Props {
  message: string;
  outcome: Outcome;
  onDismiss: () => void;
}

/** The banner shown after an approval. */
export function Toast({ message, outcome, onDismiss }: Props) {
  return (
    <div role="status" className={`toast toast--${outcome}`}>
      <p className="toast__message">{message}</p>
      <button type="button" className="button button--link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

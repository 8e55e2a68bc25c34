import type { Outcome } from "../ipc/bindings";

/** An approval's outcome, or plain good or bad news ("Reply sent…", "There is no ticket…"). */
export type ToastTone = Outcome | "ok" | "error";

interface Props {
  message: string;
  tone: ToastTone;
  onDismiss: () => void;
}

/** The banner shown after something the agent did. */
export function Toast({ message, tone, onDismiss }: Props) {
  return (
    <div role="status" className={`toast toast--${tone}`}>
      <p className="toast__message">{message}</p>
      <button type="button" className="button button--link" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

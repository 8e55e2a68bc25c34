import { useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { TicketId } from "../ipc/bindings";

/** How long typing must pause before the edit is saved. */
export const SAVE_AFTER_MS = 400;

interface Props {
  ticketId: TicketId;
  /** The engine's draft, with the outcomes of what ran filled in. */
  reply: string;
  /** The agent's saved edit, if any: it wins over the engine's draft. */
  draft: string | null;
}

/**
 * The reply, editable. Edits are saved as the agent types (after a short pause),
 * so they survive switching tickets and restarting the app; "Restore the
 * proposed reply" discards them.
 */
export function ReplyDraft({ ticketId, reply, draft }: Props) {
  const backend = useBackend();
  const [text, setText] = useState(draft ?? reply);
  const [saved, setSaved] = useState<"idle" | "saving" | "saved" | "error">(draft === null ? "idle" : "saved");
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);

  const save = async (value: string) => {
    pending.current = null;
    setSaved("saving");
    try {
      if (value === reply) await backend.discardDraft(ticketId);
      else await backend.saveDraft(ticketId, value);
      setSaved(value === reply ? "idle" : "saved");
      setError(null);
    } catch (e) {
      setSaved("error");
      setError(toBackendError(e).message);
    }
  };

  // A pending edit is saved when the ticket closes, not lost.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (pending.current !== null) void save(pending.current);
    },
    [],
  );

  const onChange = (value: string) => {
    setText(value);
    pending.current = value;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(value), SAVE_AFTER_MS);
  };

  const restore = () => {
    if (timer.current) clearTimeout(timer.current);
    setText(reply);
    void save(reply);
  };

  const edited = text !== reply;
  return (
    <section aria-label="Reply draft" className="panel">
      <h2 className="panel__title">Reply draft</h2>
      <textarea
        aria-label="Reply"
        className="reply"
        rows={Math.min(16, Math.max(6, text.split("\n").length + 1))}
        value={text}
        onChange={(e) => onChange(e.target.value)}
      />
      <p className="reply__foot" role="status" aria-label="Draft">
        {saved === "saving" && <span className="muted">Saving your edit…</span>}
        {saved === "saved" && edited && <span className="muted">Your edit is saved. </span>}
        {saved === "error" && <span className="notice--error">Your edit could not be saved: {error}</span>}
        {edited && (
          <button type="button" className="button button--link" onClick={restore}>
            Restore the proposed reply
          </button>
        )}
      </p>
    </section>
  );
}

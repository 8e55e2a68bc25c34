import { useEffect, useId, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { AgentId, ReplyVisibility, TicketId, TicketStatus, TicketView } from "../ipc/bindings";
import { sentMessage } from "../lib/desk";
import { useShortcuts } from "../lib/shortcuts";

/** How long typing must pause before the edit is saved. */
export const SAVE_AFTER_MS = 400;

/** The status select's value: "" keeps the ticket's status. */
type StatusChoice = "" | "open" | "solved";

interface Props {
  ticketId: TicketId;
  /** The engine's draft, with the outcomes of what ran filled in. */
  reply: string;
  /** The agent's saved edit, if any: it wins over the engine's draft. */
  draft: string | null;
  /** Who sends; null before an agent is chosen. */
  agentId: AgentId | null;
  /** The ticket's status now. */
  status: TicketStatus;
  /** The status a public reply leaves unless the agent picks another. */
  replyStatus: TicketStatus;
  onSent: (view: TicketView, message: string) => void;
}

/**
 * The reply, editable and sent from here. Edits to the public reply are saved as
 * the agent types (after a short pause), so they survive switching tickets and
 * restarting the app; "Restore the proposed reply" discards them. An internal
 * note is written beside it, not over it, and is not kept until sent. s sends
 * (Ctrl+Enter from the editor), e puts the cursor in the editor.
 */
export function ReplyDraft(props: Props) {
  const { ticketId, reply, draft, agentId, status, replyStatus, onSent } = props;
  const backend = useBackend();
  const [text, setText] = useState(draft ?? reply);
  const [note, setNote] = useState("");
  const [visibility, setVisibility] = useState<ReplyVisibility>("public");
  const [statusChoice, setStatusChoice] = useState<StatusChoice>(replyStatus === "solved" ? "solved" : "open");
  const [saved, setSaved] = useState<"idle" | "saving" | "saved" | "error">(draft === null ? "idle" : "saved");
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<string | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);
  const statusId = useId();
  const groupId = useId();

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
    if (visibility === "internal") {
      setNote(value);
      return;
    }
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

  const choose = (next: ReplyVisibility) => {
    setVisibility(next);
    setStatusChoice(next === "internal" ? "" : replyStatus === "solved" ? "solved" : "open");
  };

  const body = visibility === "internal" ? note : text;
  const canSend = agentId !== null && !sending && body.trim() !== "";

  const send = async () => {
    if (!canSend || agentId === null) return;
    setSending(true);
    setSendError(null);
    try {
      // A note leaves the reply as it is: an edit still waiting to be saved is saved first, so the view
      // that comes back has it.
      if (visibility === "internal" && pending.current !== null) {
        if (timer.current) clearTimeout(timer.current);
        await save(pending.current);
      }
      const view = await backend.sendReply({
        ticket_id: ticketId,
        agent_id: agentId,
        text: body,
        visibility,
        status: statusChoice === "" ? null : statusChoice,
      });
      if (visibility === "public") {
        // Sent: the back end dropped the saved draft, and an edit still waiting to be saved is moot.
        if (timer.current) clearTimeout(timer.current);
        pending.current = null;
      } else {
        setNote("");
      }
      onSent(view, sentMessage(visibility, view.ticket.status));
    } catch (e) {
      setSendError(toBackendError(e).message);
    } finally {
      setSending(false);
    }
  };

  useShortcuts({
    e: () => editor.current?.focus(),
    s: () => void send(),
  });

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  const edited = text !== reply;
  const internal = visibility === "internal";
  return (
    <section aria-label="Reply draft" className="panel">
      <h2 className="panel__title">Reply draft</h2>
      <div role="radiogroup" aria-labelledby={groupId} className="reply__kind">
        <span id={groupId} className="field__label">
          Send as
        </span>
        <label className="choice">
          <input type="radio" name={`${groupId}-kind`} checked={!internal} onChange={() => choose("public")} />
          Public reply
        </label>
        <label className="choice">
          <input type="radio" name={`${groupId}-kind`} checked={internal} onChange={() => choose("internal")} />
          Internal note
        </label>
      </div>
      <textarea
        ref={editor}
        aria-label={internal ? "Internal note" : "Reply"}
        className={`reply${internal ? " reply--internal" : ""}`}
        placeholder={internal ? "Only the support team sees this note." : undefined}
        rows={Math.min(16, Math.max(6, body.split("\n").length + 1))}
        value={body}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
      />
      {!internal && (
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
      )}
      <div className="reply__send">
        <div className="field reply__status">
          <label className="field__label" htmlFor={statusId}>
            Status after sending
          </label>
          <select
            id={statusId}
            value={statusChoice}
            onChange={(e) => setStatusChoice(e.target.value as StatusChoice)}
          >
            <option value="">Unchanged ({status})</option>
            <option value="open">Open</option>
            <option value="solved">Solved</option>
          </select>
        </div>
        <button type="button" className="button button--primary" disabled={!canSend} onClick={() => void send()}>
          {sending ? "Sending…" : internal ? "Add note" : "Send reply"}
        </button>
      </div>
      {sendError && (
        <p role="alert" className="notice notice--error">
          Could not send: {sendError}
        </p>
      )}
    </section>
  );
}

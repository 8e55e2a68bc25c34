import { useState } from "react";

/**
 * The draft reply, editable locally. The parent gives it a new `key` whenever a
 * new view arrives, so the text is replaced by the new proposal's reply.
 */
export function ReplyDraft({ reply }: { reply: string }) {
  const [text, setText] = useState(reply);
  const edited = text !== reply;
  return (
    <section aria-label="Reply draft" className="panel">
      <h2 className="panel__title">Reply draft</h2>
      <textarea
        aria-label="Reply"
        className="reply"
        rows={Math.min(16, Math.max(6, reply.split("\n").length + 1))}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {edited && (
        <p className="reply__foot">
          <span className="muted">Edited locally. </span>
          <button type="button" className="button button--link" onClick={() => setText(reply)}>
            Restore the proposed reply
          </button>
        </p>
      )}
    </section>
  );
}

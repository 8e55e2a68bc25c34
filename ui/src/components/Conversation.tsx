import type { Ticket } from "../ipc/bindings";
import { queueLabel } from "../lib/labels";
import { Badge } from "./Badge";
import { Time } from "./Time";

export function Conversation({ ticket }: { ticket: Ticket }) {
  const sender = ticket.from.name ?? ticket.from.email ?? "Unknown sender";
  return (
    <section aria-label="Conversation" className="panel">
      <h2 className="panel__title">{ticket.subject ?? "(no subject)"}</h2>
      <p className="muted conversation__from">
        From <strong>{ticket.from.name ?? "unknown sender"}</strong>
        {ticket.from.email && <> &lt;{ticket.from.email}&gt;</>} · {ticket.channel} · ticket {ticket.id} ·{" "}
        <Time iso={ticket.created_at} /> · {ticket.status}
        {ticket.queue && <> · routed to {queueLabel(ticket.queue)}</>}
      </p>
      <ol className="messages">
        {ticket.messages.map((m, i) => (
          <li key={i} className={`message message--${m.author}${m.internal ? " message--internal" : ""}`}>
            <p className="message__head">
              <strong>{m.author === "customer" ? sender : "Agent"}</strong>
              <span className="muted"> ({m.author}) · </span>
              <Time iso={m.at} />
              {m.internal && (
                <>
                  {" "}
                  <Badge tone="internal">Internal note</Badge>
                </>
              )}
            </p>
            <p className="message__body">{m.body}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

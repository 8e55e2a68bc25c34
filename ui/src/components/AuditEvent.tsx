import type { DeskEvent } from "../ipc/bindings";
import { eventEdited, eventTitle } from "../lib/audit";
import { queueLabel } from "../lib/labels";

function Version({ label, queue, text }: { label: string; queue?: string | undefined; text: string }) {
  return (
    <div role="group" aria-label={label} className="audit-edit__version">
      <p className="audit-edit__label">{label}</p>
      {queue !== undefined && <p className="audit-record__action">{queue}</p>}
      <p className="prewrap audit-event__text">{text}</p>
    </div>
  );
}

/**
 * A reply or a handoff as the audit keeps it: what was sent or routed, and when
 * the agent changed the engine's draft or summary first, both versions.
 */
export function AuditEvent({ event }: { event: DeskEvent }) {
  const title = eventTitle(event);
  if (!eventEdited(event)) {
    const text = event.type === "reply" ? event.sent : event.summary;
    return (
      <div className="audit-record__body">
        <p className="audit-record__action">{title}</p>
        <p className="prewrap audit-event__text">{text}</p>
      </div>
    );
  }
  return (
    <div className="audit-record__body">
      <p className="audit-record__action">{title}</p>
      <div role="group" aria-label="Edited by the agent" className="audit-edit">
        <p className="audit-edit__note">
          {event.type === "reply" ? "Edited by the agent before sending." : "Edited by the agent before routing."}
        </p>
        <div className="audit-edit__versions">
          {event.type === "reply" ? (
            <>
              <Version label="As drafted" text={event.drafted} />
              <Version label="As sent" text={event.sent} />
            </>
          ) : (
            <>
              <Version
                label="As proposed"
                queue={event.proposed_queue ? queueLabel(event.proposed_queue) : undefined}
                text={event.proposed_summary ?? ""}
              />
              <Version label="As routed" queue={queueLabel(event.queue)} text={event.summary} />
            </>
          )}
        </div>
      </div>
    </div>
  );
}

import type { Escalation } from "../ipc/bindings";
import { queueLabel } from "../lib/labels";

export function Handoff({ escalation }: { escalation: Escalation }) {
  return (
    <section aria-label="Handoff" className="handoff">
      <h3 className="subhead">Escalate to {queueLabel(escalation.queue)}</h3>
      <p>
        <span className="muted">Queue: </span>
        <span className="mono">{escalation.queue}</span>
        <span className="muted"> · Rules: </span>
        {escalation.rules.map((r) => (
          <span key={r} className="rule">
            {r}
          </span>
        ))}
      </p>
      <p className="prewrap handoff__summary">{escalation.summary}</p>
    </section>
  );
}

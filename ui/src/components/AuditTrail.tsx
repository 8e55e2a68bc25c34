import type { AuditEntry } from "../ipc/bindings";
import { entrySubject } from "../lib/audit";
import { actionName, outcomeLabel } from "../lib/labels";
import { Badge } from "./Badge";
import { Time } from "./Time";

interface Props {
  entries: AuditEntry[] | null;
  error: string | null;
}

export function AuditTrail({ entries, error }: Props) {
  return (
    <section aria-label="Audit trail" className="panel">
      <h2 className="panel__title">Audit trail</h2>
      {error && (
        <p role="alert" className="notice notice--error">
          Could not load the audit trail: {error}
        </p>
      )}
      {!entries && !error && <p className="muted">Loading audit trail…</p>}
      {entries && entries.length === 0 && <p className="muted">No approvals recorded yet.</p>}
      {entries && entries.length > 0 && (
        <ol className="audit">
          {entries.map((e) => (
            <li key={e.audit_id} className="audit__entry">
              <p className="audit__head">
                <span className="mono">#{e.audit_id}</span> · <Time iso={e.at} /> · {e.agent_id} ({e.agent_role}) ·{" "}
                <strong>{entrySubject(e, actionName)}</strong>{" "}
                <Badge tone={`outcome-${e.outcome}`}>{outcomeLabel(e.outcome)}</Badge>
              </p>
              <p className="audit__message">{e.message}</p>
              {e.verdict && (
                <p className="muted audit__rules">
                  Rules: {e.verdict.rules.length > 0 ? e.verdict.rules.join(", ") : "none"} · verdict{" "}
                  {e.verdict.decision.replace(/_/g, " ")}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

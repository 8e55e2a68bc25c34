import type { ReactNode } from "react";
import type { Action, Agent, AuditEntry } from "../ipc/bindings";
import { describeAction } from "../lib/actions";
import { agentText, changedKeys, editedFrom } from "../lib/audit";
import { auditKindLabel, decisionLabel, outcomeLabel } from "../lib/labels";
import { ActionParams } from "./ActionParams";
import { AuditEvent } from "./AuditEvent";
import { Badge } from "./Badge";
import { Time } from "./Time";
import { RuleList } from "./RuleList";

interface Props {
  entry: AuditEntry;
  agents: Agent[] | null;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="facts__row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function ActionVersion({ label, action, edited }: { label: string; action: Action; edited: ReadonlySet<string> }) {
  const { title, params } = describeAction(action);
  return (
    <div role="group" aria-label={label} className="audit-edit__version">
      <p className="audit-edit__label">{label}</p>
      <p className="audit-record__action">{title}</p>
      <ActionParams params={params} edited={edited} />
    </div>
  );
}

/** The action the agent approved; when they edited the proposed one first, both versions side by side. */
function ApprovedAction({ entry, action }: { entry: AuditEntry; action: Action }) {
  const proposed = editedFrom(entry);
  if (!proposed) {
    const { title, params } = describeAction(action);
    return (
      <div className="audit-record__body">
        <p className="audit-record__action">{title}</p>
        <ActionParams params={params} />
      </div>
    );
  }
  const changed = changedKeys(proposed, action);
  return (
    <div role="group" aria-label="Edited by the agent" className="audit-edit">
      <p className="audit-edit__note">Edited by the agent before approving.</p>
      <div className="audit-edit__versions">
        <ActionVersion label="As proposed" action={proposed} edited={changed} />
        <ActionVersion label="As approved" action={action} edited={changed} />
      </div>
    </div>
  );
}

/** One audit entry, every field in words. */
export function AuditRecord({ entry, agents }: Props) {
  const { verdict } = entry;
  return (
    <article aria-label={`Audit entry ${entry.audit_id}`} className={`audit-record audit-record--${entry.kind}`}>
      <header className="audit-record__head">
        <span className="audit-record__kind">{auditKindLabel(entry.kind)}</span>
        <span className="muted">
          <Time iso={entry.at} /> · <span className="mono">#{entry.audit_id}</span>
        </span>
      </header>

      {entry.action && <ApprovedAction entry={entry} action={entry.action} />}
      {!entry.action && entry.event && <AuditEvent event={entry.event} />}

      <dl className="facts facts--compact">
        <Row label="Agent">{agentText(agents, entry.agent_id, entry.agent_role)}</Row>
        <Row label="Ticket">{entry.ticket_id ?? "none"}</Row>
        <Row label="Customer">{entry.customer_id ?? "not identified"}</Row>
        {verdict && (
          <Row label="Verdict">
            <span className="audit-record__verdict">
              <Badge tone={`decision-${verdict.decision}`}>{decisionLabel(verdict.decision)}</Badge>{" "}
              <RuleList rules={verdict.rules} />
            </span>
            <span className="audit-record__explanation">{verdict.explanation}</span>
            {verdict.required_role && (
              <span className="audit-record__explanation">Needs approval by: {verdict.required_role}</span>
            )}
          </Row>
        )}
        <Row label="Outcome">
          <Badge tone={`outcome-${entry.outcome}`}>{outcomeLabel(entry.outcome)}</Badge>{" "}
          <span className="audit-record__message">{entry.message}</span>
        </Row>
        {entry.system !== null && (
          <Row label="System">
            {entry.system}
            {entry.external_id !== null && (
              <>
                {" "}
                · reference <span className="mono">{entry.external_id}</span>
              </>
            )}
          </Row>
        )}
        {entry.idempotency_key !== null && (
          <Row label="Idempotency key">
            <span className="mono">{entry.idempotency_key}</span>
          </Row>
        )}
        <Row label="Hash">
          <span className="mono audit-record__hash">{entry.hash}</span>
        </Row>
      </dl>
    </article>
  );
}

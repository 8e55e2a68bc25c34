import type { Agent } from "../ipc/bindings";
import type { AuditFilterValues } from "../lib/audit";
import { isFiltered, NO_AUDIT_FILTERS } from "../lib/audit";
import { ACTION_KINDS, actionName, OUTCOME_VALUES, outcomeLabel } from "../lib/labels";

interface Props {
  agents: Agent[] | null;
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
}

export function AuditFilters({ agents, values, onChange }: Props) {
  const set = <K extends keyof AuditFilterValues>(key: K, value: AuditFilterValues[K]) =>
    onChange({ ...values, [key]: value });

  return (
    <form role="search" aria-label="Filter the audit log" className="audit-filters" onSubmit={(e) => e.preventDefault()}>
      <label className="audit-filters__field">
        <span className="audit-filters__label">Ticket id</span>
        <input
          type="search"
          aria-label="Ticket id"
          placeholder="e.g. D-0002"
          autoComplete="off"
          spellCheck={false}
          value={values.ticketId}
          onChange={(e) => set("ticketId", e.target.value)}
        />
      </label>
      <label className="audit-filters__field">
        <span className="audit-filters__label">Customer id</span>
        <input
          type="search"
          aria-label="Customer id"
          placeholder="e.g. evelyn_moore_6558"
          autoComplete="off"
          spellCheck={false}
          value={values.customerId}
          onChange={(e) => set("customerId", e.target.value)}
        />
      </label>
      <label className="audit-filters__field">
        <span className="audit-filters__label">Agent</span>
        <select aria-label="Agent" value={values.agentId} onChange={(e) => set("agentId", e.target.value)}>
          <option value="">All agents</option>
          {agents?.map((a) => (
            <option key={a.agent_id} value={a.agent_id}>
              {`${a.name} (${a.role})`}
            </option>
          ))}
        </select>
      </label>
      <label className="audit-filters__field">
        <span className="audit-filters__label">Action type</span>
        <select
          aria-label="Action type"
          value={values.action}
          onChange={(e) => set("action", e.target.value as AuditFilterValues["action"])}
        >
          <option value="">All actions</option>
          {ACTION_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {actionName(kind)}
            </option>
          ))}
        </select>
      </label>
      <label className="audit-filters__field">
        <span className="audit-filters__label">Outcome</span>
        <select
          aria-label="Outcome"
          value={values.outcome}
          onChange={(e) => set("outcome", e.target.value as AuditFilterValues["outcome"])}
        >
          <option value="">Any outcome</option>
          {OUTCOME_VALUES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcomeLabel(outcome)}
            </option>
          ))}
        </select>
      </label>
      <div className="audit-filters__foot">
        <button
          type="button"
          className="button"
          disabled={!isFiltered(values)}
          onClick={() => onChange(NO_AUDIT_FILTERS)}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

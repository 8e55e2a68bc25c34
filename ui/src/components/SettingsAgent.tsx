import { useId } from "react";
import type { Agent, AgentId } from "../ipc/bindings";
import { queueLabel } from "../lib/labels";
import { queuesWorkedBy, roleAbilities } from "../lib/roles";

interface Props {
  agents: Agent[] | null;
  agentId: AgentId | null;
  onChange: (id: AgentId) => void;
}

/** Who approves at this desk, what their role may approve, and which queues they work. */
export function SettingsAgent({ agents, agentId, onChange }: Props) {
  const id = useId();
  const agent = agents?.find((a) => a.agent_id === agentId);
  return (
    <section aria-label="Agent" className="settings__section">
      <h3 className="settings__heading">Agent</h3>
      <p className="muted settings__intro">
        Who approves at this desk: every approval, reply and handoff is recorded under their name and judged for their
        role. The choice is kept for the next start.
      </p>
      <div className="field settings__field">
        <label className="field__label" htmlFor={id}>
          Agent at this desk
        </label>
        <select
          id={id}
          value={agentId ?? ""}
          disabled={!agents || agents.length === 0}
          onChange={(e) => onChange(e.target.value)}
        >
          {!agents && <option value="">Loading agents…</option>}
          {agents?.map((a) => (
            <option key={a.agent_id} value={a.agent_id}>
              {`${a.name} (${a.role})`}
            </option>
          ))}
        </select>
      </div>
      {agent && (
        <dl className="facts">
          <dt>Role</dt>
          <dd>{agent.role}</dd>
          <dt>Can approve</dt>
          <dd>{roleAbilities(agent.role)}</dd>
          <dt>Works the queues</dt>
          <dd>{queuesWorkedBy(agent.role).map(queueLabel).join(", ")}</dd>
        </dl>
      )}
    </section>
  );
}

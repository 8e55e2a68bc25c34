import type { Agent, AgentId } from "../ipc/bindings";

interface Props {
  agents: Agent[] | null;
  error: string | null;
  value: AgentId | null;
  onChange: (id: AgentId) => void;
}

export function AgentPicker({ agents, error, value, onChange }: Props) {
  return (
    <div className="agent-picker">
      <label className="agent-picker__label" htmlFor="approving-agent">
        Approving agent
      </label>
      <select
        id="approving-agent"
        aria-label="Approving agent"
        value={value ?? ""}
        disabled={!agents || agents.length === 0}
        onChange={(e) => onChange(e.target.value)}
      >
        {!agents && <option value="">Loading agents…</option>}
        {agents && agents.length === 0 && <option value="">No agents</option>}
        {agents?.map((a) => (
          <option key={a.agent_id} value={a.agent_id}>
            {`${a.name} (${a.role})`}
          </option>
        ))}
      </select>
      {error && (
        <p role="alert" className="agent-picker__error">
          {error}
        </p>
      )}
    </div>
  );
}

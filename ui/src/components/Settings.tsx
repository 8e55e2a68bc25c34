import { useCallback, useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Agent, AgentId, ConnectionStatus } from "../ipc/bindings";
import type { PrefsState } from "../hooks/usePrefs";
import { Badge } from "./Badge";
import { ConnectionForm } from "./ConnectionForm";
import { SettingsAgent } from "./SettingsAgent";
import { SettingsDesk } from "./SettingsDesk";
import { SettingsPolicy } from "./SettingsPolicy";

function SandboxConnection() {
  return (
    <section aria-label="Sandbox store" className="connection connection--sandbox">
      <h4 className="connection__title">
        Sandbox store
      </h4>
      <p className="connection__credential">
        <Badge tone="connection-default">Default</Badge> <Badge tone="connection-available">Always available</Badge>{" "}
        The built-in store the desk runs on: no account, no credential, and nothing leaves this computer.
      </p>
    </section>
  );
}

interface Props {
  agents: Agent[] | null;
  agentId: AgentId | null;
  onAgentChange: (id: AgentId) => void;
  prefs: PrefsState;
}

/**
 * Settings: who approves at this desk, the policy in force, the desk's own
 * preferences, and the approving agent's connections (helpdesk, shop, billing,
 * language model) beside the always-present sandbox. Credentials go to the OS
 * keychain and never come back to the window.
 */
export function Settings({ agents, agentId, onAgentChange, prefs }: Props) {
  const backend = useBackend();
  const [connections, setConnections] = useState<ConnectionStatus[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    setError(null);
    if (agentId === null) return;
    try {
      const list = await backend.listConnections(agentId);
      if (request === latest.current) setConnections(list);
    } catch (e) {
      if (request === latest.current) setError(toBackendError(e).message);
    }
  }, [backend, agentId]);

  useEffect(() => {
    setConnections(null);
    void load();
  }, [load]);

  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const replace = useCallback((status: ConnectionStatus) => {
    setConnections((list) => list?.map((c) => (c.settings.kind === status.settings.kind ? status : c)) ?? list);
  }, []);

  const agent = agents?.find((a) => a.agent_id === agentId);

  return (
    <div className="settings">
      <h2 className="settings__title">Settings</h2>
      <SettingsAgent agents={agents} agentId={agentId} onChange={onAgentChange} />
      <SettingsDesk prefs={prefs} />
      <SettingsPolicy />
      <section aria-label="Connections" className="settings__section">
        <h3 className="settings__heading">
          Connections{agent ? ` of ${agent.name}` : ""}
        </h3>
        <p className="muted settings__intro">
          Credentials are stored only in this computer's keychain: never in a file, the log or the audit, and never
          shown again once saved.
        </p>
        {agentId === null && <p className="muted">Choose the approving agent to see their connections.</p>}
        {error && (
          <div role="alert" className="notice notice--error">
            <p>Could not load the connections: {error}</p>
            <button type="button" className="button" onClick={() => void load()}>
              Try again
            </button>
          </div>
        )}
        {agentId !== null && connections === null && !error && (
          <p role="status" className="muted">
            Loading the connections…
          </p>
        )}
        {agentId !== null && connections && (
          <ul className="connections">
            {connections.map((status) => (
              <li key={`${agentId}/${status.settings.kind}`}>
                {status.settings.kind === "sandbox" ? (
                  <SandboxConnection />
                ) : (
                  <ConnectionForm status={status} onChange={replace} />
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

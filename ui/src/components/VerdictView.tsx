import type { Role, Verdict } from "../ipc/bindings";
import { roleCovers } from "../lib/roles";
import { RuleList } from "./RuleList";

interface Props {
  /** Null while the policy is being asked. */
  verdict: Verdict | null;
  /** The approving agent's role. */
  role: Role | null;
  /** The verdict is on the agent's edit, not on the proposal. */
  onEdit: boolean;
  /** The policy could not be asked about the edit. */
  error: string | null;
}

/** The policy's answer on an action: its rules, why, and whose approval it needs. */
export function VerdictView({ verdict, role, onEdit, error }: Props) {
  if (error) {
    return (
      <p role="alert" className="notice notice--error">
        Could not check the edit with the policy: {error}
      </p>
    );
  }
  if (!verdict) {
    return (
      <div className="verdict" aria-live="polite">
        <p className="muted">Checking the edit with the policy…</p>
      </div>
    );
  }
  const needed = verdict.required_role;
  const covered = needed !== null && role !== null && roleCovers(role, needed);
  return (
    <div className="verdict" aria-live="polite">
      {onEdit && <p className="verdict__source muted">The policy on the amount as edited:</p>}
      <p className="verdict__rules">
        <RuleList rules={verdict.rules} />
      </p>
      <p className="verdict__explanation">{verdict.explanation}</p>
      {needed && (
        <p className="verdict__role">
          Needs {needed} approval{covered ? `: you are ${role}, so you can give it.` : ""}
        </p>
      )}
    </div>
  );
}

import { useEffect, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { PolicyStatus } from "../ipc/bindings";

/**
 * Which policy is in force, in the header; and, when a policy file was refused,
 * an alert with its line and reason, so nobody believes an edit took effect.
 */
export function PolicyNotice() {
  const backend = useBackend();
  const [status, setStatus] = useState<PolicyStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    backend.policyStatus().then(
      (value) => live && setStatus(value),
      (e: unknown) => live && setError(toBackendError(e).message),
    );
    return () => {
      live = false;
    };
  }, [backend]);

  if (error) {
    return (
      <p role="alert" className="notice notice--error policy-notice">
        Could not read the policy in force: {error}
      </p>
    );
  }
  if (!status) return null;
  const { problem } = status;
  return (
    <>
      <p className="topbar__policy muted" title={`From ${status.source}; ${status.rules} rules`}>
        Policy: {status.name} v{status.version}
      </p>
      {problem && (
        <p role="alert" className="notice notice--error policy-notice">
          The policy file {problem.path} was refused
          {problem.line !== null ? ` (line ${problem.line}: ${problem.message})` : ` (${problem.message})`}. {status.name}{" "}
          v{status.version} from {status.source} stays in force.
        </p>
      )}
    </>
  );
}

import { usePolicyStatus } from "../hooks/usePolicyStatus";

/**
 * Which policy is in force, in the header; and, when a policy file was refused,
 * an alert with its line and reason, so nobody believes an edit took effect.
 */
export function PolicyNotice() {
  const { status, error } = usePolicyStatus();

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

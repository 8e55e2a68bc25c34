import { usePolicyStatus } from "../hooks/usePolicyStatus";

/** The policy in force, where it came from, and a refused policy file with its line. */
export function SettingsPolicy() {
  const { status, error } = usePolicyStatus();

  return (
    <section aria-label="Policy" className="settings__section">
      <h3 className="settings__heading">Policy</h3>
      {error && <p className="notice notice--error">Could not read the policy in force: {error}</p>}
      {!status && !error && <p className="muted">Reading the policy…</p>}
      {status && (
        <>
          <dl className="facts">
            <dt>Name</dt>
            <dd>{status.name}</dd>
            <dt>Version</dt>
            <dd>{status.version}</dd>
            <dt>Rules</dt>
            <dd>{status.rules}</dd>
            <dt>Source</dt>
            <dd className="mono">{status.source}</dd>
          </dl>
          {/* The header already alerts; here the problem is stated for reading. */}
          {status.problem && (
            <div className="notice notice--error">
              <p>
                The policy file <span className="mono">{status.problem.path}</span> was refused
                {status.problem.line !== null ? `, line ${status.problem.line}` : ""}: {status.problem.message}
              </p>
              <p>
                {status.name} v{status.version} from {status.source} stays in force until the file is fixed.
              </p>
            </div>
          )}
        </>
      )}
    </section>
  );
}

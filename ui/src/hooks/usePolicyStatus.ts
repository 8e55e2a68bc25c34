import { useEffect, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { PolicyStatus } from "../ipc/bindings";

/** The policy in force, read once; or why it could not be read. */
export function usePolicyStatus(): { status: PolicyStatus | null; error: string | null } {
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
  return { status, error };
}

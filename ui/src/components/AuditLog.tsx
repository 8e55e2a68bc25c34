import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Agent, AuditEntry } from "../ipc/bindings";
import type { AuditFilterValues, AuditGroup } from "../lib/audit";
import { groupByApproval, isFiltered, NO_AUDIT_FILTERS, toAuditQuery } from "../lib/audit";
import { AuditFilters } from "./AuditFilters";
import { AuditRecord } from "./AuditRecord";

/** Typing in a text filter waits this long for the next key before asking the back end. */
export const TYPING_DELAY_MS = 300;

/** `value` once it has stopped changing for `delay` ms; clearing a field counts at once. */
function useDebounced(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    if (value === settled) return;
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, settled, delay]);
  return value === "" ? "" : settled;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function Group({ group, agents }: { group: AuditGroup; agents: Agent[] | null }) {
  const headingId = useId();
  const first = group.entries[0]!;
  const title = group.approvalId === null ? `Entry ${first.audit_id}` : `Approval ${group.approvalId}`;
  return (
    <li>
      <section aria-labelledby={headingId} className="audit-group">
        <h3 id={headingId} className="audit-group__title">
          {title}
          <span className="muted audit-group__meta">
            {" "}
            · ticket {first.ticket_id ?? "none"} · {count(group.entries.length, "entry", "entries")}
          </span>
        </h3>
        <ol className="audit-group__entries">
          {group.entries.map((entry) => (
            <li key={entry.audit_id}>
              <AuditRecord entry={entry} agents={agents} />
            </li>
          ))}
        </ol>
      </section>
    </li>
  );
}

interface Props {
  agents: Agent[] | null;
}

/**
 * The whole audit log, newest first, narrowed by the filters. The selects ask the
 * back end at once; the text fields once typing pauses. An answer to an older
 * query that arrives late is dropped.
 */
export function AuditLog({ agents }: Props) {
  const backend = useBackend();
  const [values, setValues] = useState<AuditFilterValues>(NO_AUDIT_FILTERS);
  const ticketId = useDebounced(values.ticketId.trim(), TYPING_DELAY_MS);
  const customerId = useDebounced(values.customerId.trim(), TYPING_DELAY_MS);
  const { agentId, action, outcome } = values;
  const query = useMemo(
    () => toAuditQuery({ ticketId, customerId, agentId, action, outcome }),
    [ticketId, customerId, agentId, action, outcome],
  );

  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const found = await backend.searchAudit(query);
      if (request !== latest.current) return;
      setEntries(found);
      setError(null);
    } catch (e) {
      if (request === latest.current) setError(toBackendError(e).message);
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [backend, query]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const groups = useMemo(() => groupByApproval(entries ?? []), [entries]);
  const filtered = isFiltered({ ticketId, customerId, agentId, action, outcome });

  let status: string;
  if (entries === null) status = error ? "" : "Loading the audit log…";
  else if (entries.length === 0)
    status = filtered ? "No audit entries match these filters." : "Nothing has been recorded yet.";
  else status = `${count(entries.length, "entry", "entries")}, newest first${loading ? " (updating…)" : ""}`;

  return (
    <div className="audit-log">
      <h2 className="audit-log__title">Audit log</h2>
      <p className="muted audit-log__intro">
        Every approval is recorded before it runs (intent) and after (outcome); a refused one is recorded once.
      </p>
      <AuditFilters agents={agents} values={values} onChange={setValues} />
      {error && (
        <div role="alert" className="notice notice--error">
          <p>Could not load the audit log: {error}</p>
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      <p role="status" className="muted audit-log__status">
        {status}
      </p>
      {groups.length > 0 && (
        <ol aria-label="Audit entries" aria-busy={loading} className="audit-log__groups">
          {groups.map((group) => (
            <Group key={group.entries[0]!.audit_id} group={group} agents={agents} />
          ))}
        </ol>
      )}
    </div>
  );
}

import { useEffect, useState } from "react";
import type { ApprovalRun } from "../hooks/useApprovals";

interface Props {
  runs: ApprovalRun[];
  onUndo: () => void;
  onRunNow: () => void;
}

function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** Re-renders a few times a second while `active`, for the countdown. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/**
 * Approvals on their way: the one waiting out its undo window ("Refunding $25.00
 * in 5 s", Undo, Run now; Escape undoes too), then each being carried out.
 */
export function UndoBar({ runs, onUndo, onRunNow }: Props) {
  const waiting = runs.find((r) => r.phase === "waiting");
  const running = runs.filter((r) => r.phase === "running");
  const now = useNow(waiting !== undefined);
  if (runs.length === 0) return null;
  return (
    <section aria-label="Approvals" className="undo-bar">
      {waiting && (
        <div className="undo-bar__row undo-bar__row--waiting">
          <p className="undo-bar__text">
            <strong>
              {waiting.doing} in {secondsLeft(waiting.deadline, now)} s
            </strong>{" "}
            <span className="muted">· ticket {waiting.ticketId}</span>
          </p>
          {/* Said once, not every second. */}
          <p className="visually-hidden" aria-live="polite">
            {`${waiting.doing} on ticket ${waiting.ticketId} shortly. Press Escape or Undo to take it back.`}
          </p>
          <div className="undo-bar__buttons">
            <button type="button" className="button button--primary" onClick={onUndo}>
              Undo
            </button>
            <button type="button" className="button" onClick={onRunNow}>
              Run now
            </button>
          </div>
        </div>
      )}
      {running.map((run) => (
        <p key={run.id} className="undo-bar__row undo-bar__text" aria-live="polite">
          <strong>Carrying out…</strong> {run.doing} <span className="muted">· ticket {run.ticketId}</span>
        </p>
      ))}
    </section>
  );
}

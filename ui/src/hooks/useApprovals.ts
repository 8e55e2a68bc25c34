import { useCallback, useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Action, AgentId, ApprovalResult, TicketId } from "../ipc/bindings";

export interface ApprovalRequest {
  ticketId: TicketId;
  index: number;
  agentId: AgentId;
  /** The action as the agent changed it; null when approved as proposed. */
  edited: Action | null;
  /** What it does, for the undo bar: "Refunding $25.00". */
  doing: string;
}

export interface ApprovalRun extends ApprovalRequest {
  id: number;
  /** Waiting out the undo window, or sent to the back end. */
  phase: "waiting" | "running";
  /** When a waiting approval is sent (ms since the epoch). */
  deadline: number;
}

export interface Finished {
  run: ApprovalRun;
  result: ApprovalResult;
  /** How long the back end took to answer, in ms. */
  took: number;
}

export interface Approvals {
  runs: ApprovalRun[];
  /** Why an approval could not be sent, by `approvalKey`. */
  errors: Readonly<Record<string, string>>;
  /** Waits `seconds` (undo window) then sends; 0 sends at once. A waiting approval is sent first. */
  start: (request: ApprovalRequest, seconds: number) => void;
  /** Drops the approval waiting to run, if any. */
  undo: () => void;
  /** Sends the waiting approval now. */
  runNow: () => void;
}

export function approvalKey(ticketId: TicketId, index: number): string {
  return `${ticketId}#${index}`;
}

/**
 * Approvals as the desk runs them: each waits out the undo window, then is sent
 * and carried out. They live above the ticket view, so moving on to the next
 * ticket neither loses nor cancels one. At most one waits at a time; starting
 * another sends the waiting one at once.
 */
export function useApprovals(onFinished: (finished: Finished) => void): Approvals {
  const backend = useBackend();
  const [runs, setRuns] = useState<ApprovalRun[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const current = useRef<ApprovalRun[]>([]);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const nextId = useRef(1);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const mounted = useRef(true);

  const update = useCallback((change: (runs: ApprovalRun[]) => ApprovalRun[]) => {
    current.current = change(current.current);
    if (mounted.current) setRuns(current.current);
  }, []);

  const stopTimer = (id: number) => {
    const timer = timers.current.get(id);
    if (timer !== undefined) clearTimeout(timer);
    timers.current.delete(id);
  };

  const send = useCallback(
    async (id: number) => {
      stopTimer(id);
      const run = current.current.find((r) => r.id === id);
      if (!run || run.phase !== "waiting") return;
      const running: ApprovalRun = { ...run, phase: "running" };
      update((rs) => rs.map((r) => (r.id === id ? running : r)));
      const began = Date.now();
      try {
        const result = await backend.approveAction(run.ticketId, run.index, run.agentId, run.edited);
        update((rs) => rs.filter((r) => r.id !== id));
        if (mounted.current) finished.current({ run: running, result, took: Date.now() - began });
      } catch (e) {
        update((rs) => rs.filter((r) => r.id !== id));
        if (mounted.current) {
          setErrors((es) => ({ ...es, [approvalKey(run.ticketId, run.index)]: toBackendError(e).message }));
        }
      }
    },
    [backend, update],
  );

  const start = useCallback(
    (request: ApprovalRequest, seconds: number) => {
      const key = approvalKey(request.ticketId, request.index);
      const busy = current.current.some((r) => approvalKey(r.ticketId, r.index) === key);
      if (busy) return;
      for (const waiting of current.current.filter((r) => r.phase === "waiting")) void send(waiting.id);
      setErrors((es) => {
        if (!(key in es)) return es;
        const { [key]: _dropped, ...rest } = es;
        return rest;
      });
      const id = nextId.current++;
      const wait = Math.max(0, seconds) * 1000;
      update((rs) => [...rs, { ...request, id, phase: "waiting", deadline: Date.now() + wait }]);
      if (wait === 0) void send(id);
      else timers.current.set(id, setTimeout(() => void send(id), wait));
    },
    [send, update],
  );

  const undo = useCallback(() => {
    const waiting = current.current.filter((r) => r.phase === "waiting");
    for (const run of waiting) stopTimer(run.id);
    if (waiting.length > 0) update((rs) => rs.filter((r) => r.phase !== "waiting"));
  }, [update]);

  const runNow = useCallback(() => {
    for (const run of current.current.filter((r) => r.phase === "waiting")) void send(run.id);
  }, [send]);

  useEffect(() => {
    mounted.current = true;
    const pending = timers.current;
    return () => {
      // The desk is closing: an approval still in its undo window is not sent.
      mounted.current = false;
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    };
  }, []);

  return { runs, errors, start, undo, runNow };
}

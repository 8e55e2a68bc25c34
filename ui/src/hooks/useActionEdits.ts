import { useCallback, useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Action, AgentId, ProposedAction, TicketId, Verdict } from "../ipc/bindings";
import { actionOf } from "../lib/actions";
import type { AmountInput } from "../lib/money";
import { parseAmountInput, sameAmount } from "../lib/money";

/** How long typing must pause before the policy is asked about the edit. */
export const JUDGE_AFTER_MS = 250;

export interface ActionEdit {
  /** The amount as typed. */
  text: string;
  parsed: AmountInput;
  /** The action as edited: null when the edit is invalid or changes nothing. */
  edited: Action | null;
  /** The policy's verdict on `edited` for the approving agent, once it answered. */
  verdict: Verdict | null;
  /** Waiting for the verdict. */
  judging: boolean;
  /** Why the policy could not be asked. */
  error: string | null;
}

function editedRefund(proposed: ProposedAction, parsed: AmountInput): Action | null {
  if (!parsed.ok || proposed.type !== "refund" || sameAmount(proposed.amount, parsed.amount)) return null;
  return { ...(actionOf(proposed) as Extract<Action, { type: "refund" }>), amount: parsed.amount };
}

/**
 * The agent's edits to a ticket's proposed actions (a refund's amount), each
 * judged live by the policy for the approving agent once typing pauses. An
 * answer to an older edit that arrives late is dropped.
 */
export function useActionEdits(
  ticketId: TicketId,
  actions: readonly ProposedAction[],
  agentId: AgentId | null,
): { edits: Readonly<Record<number, ActionEdit>>; setAmount: (index: number, text: string) => void } {
  const backend = useBackend();
  const [edits, setEdits] = useState<Record<number, ActionEdit>>({});
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const asked = useRef(new Map<number, number>());
  const latest = useRef(edits);
  latest.current = edits;

  const patch = (index: number, change: Partial<ActionEdit>) =>
    setEdits((all) => {
      const edit = all[index];
      return edit ? { ...all, [index]: { ...edit, ...change } } : all;
    });

  const judge = useCallback(
    (index: number, edited: Action) => {
      const old = timers.current.get(index);
      if (old !== undefined) clearTimeout(old);
      if (agentId === null) return;
      const request = (asked.current.get(index) ?? 0) + 1;
      asked.current.set(index, request);
      timers.current.set(
        index,
        setTimeout(() => {
          backend.judgeAction(ticketId, index, agentId, edited).then(
            (verdict) => {
              if (asked.current.get(index) === request) patch(index, { verdict, judging: false, error: null });
            },
            (e: unknown) => {
              if (asked.current.get(index) === request) {
                patch(index, { judging: false, error: toBackendError(e).message });
              }
            },
          );
        }, JUDGE_AFTER_MS),
      );
    },
    [agentId, backend, ticketId],
  );

  const setAmount = useCallback(
    (index: number, text: string) => {
      const proposed = actions[index];
      if (!proposed) return;
      const parsed = parseAmountInput(text);
      const edited = editedRefund(proposed, parsed);
      if (edited) {
        setEdits((all) => ({ ...all, [index]: { text, parsed, edited, verdict: null, judging: true, error: null } }));
        judge(index, edited);
      } else {
        // Invalid or back to the proposal: nothing to ask, and any answer on its way is stale.
        const old = timers.current.get(index);
        if (old !== undefined) clearTimeout(old);
        asked.current.set(index, (asked.current.get(index) ?? 0) + 1);
        setEdits((all) => ({ ...all, [index]: { text, parsed, edited: null, verdict: null, judging: false, error: null } }));
      }
    },
    [actions, judge],
  );

  // Another approving agent: the verdicts were theirs, ask again.
  useEffect(() => {
    for (const [index, edit] of Object.entries(latest.current)) {
      if (edit.edited) {
        patch(Number(index), { verdict: null, judging: true });
        judge(Number(index), edit.edited);
      }
    }
  }, [judge]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { edits, setAmount };
}

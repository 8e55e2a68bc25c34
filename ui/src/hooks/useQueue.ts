import { useCallback, useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { AgentId, TicketId, TicketSummary } from "../ipc/bindings";

/** How often the queue is asked again, to see tickets routed to the agent meanwhile. */
export const POLL_MS = 20_000;

export interface QueueState {
  tickets: TicketSummary[] | null;
  error: string | null;
  /** Loads the queue now; answers the list, or null when it failed or a newer load overtook it. */
  reload: () => Promise<TicketSummary[] | null>;
}

/**
 * The agent's queue, loaded once `ready` (the agent is known) and polled.
 * `onRoutedToYou` hears of tickets routed to the agent's queues since the last
 * load, found by polling only: a ticket the agent routed to their own queue
 * themselves is no news to them.
 */
export function useQueue(
  agentId: AgentId | null,
  ready: boolean,
  onRoutedToYou: (tickets: TicketSummary[]) => void,
): QueueState {
  const backend = useBackend();
  const [tickets, setTickets] = useState<TicketSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const seen = useRef<{ agentId: AgentId | null; forYou: Set<TicketId> } | null>(null);
  const notify = useRef(onRoutedToYou);
  notify.current = onRoutedToYou;

  const load = useCallback(
    async (polled: boolean): Promise<TicketSummary[] | null> => {
      const request = ++latest.current;
      try {
        const list = await backend.listQueue(agentId);
        if (request !== latest.current) return null;
        const before = seen.current;
        if (polled && before && before.agentId === agentId) {
          const fresh = list.filter((t) => t.for_you && !before.forYou.has(t.id));
          if (fresh.length > 0) notify.current(fresh);
        }
        seen.current = { agentId, forYou: new Set(list.filter((t) => t.for_you).map((t) => t.id)) };
        setTickets(list);
        setError(null);
        return list;
      } catch (e) {
        if (request === latest.current) setError(toBackendError(e).message);
        return null;
      }
    },
    [backend, agentId],
  );

  useEffect(() => {
    if (!ready) return;
    void load(false);
    const timer = setInterval(() => void load(true), POLL_MS);
    return () => clearInterval(timer);
  }, [ready, load]);

  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );

  const reload = useCallback(() => load(false), [load]);
  return { tickets, error, reload };
}

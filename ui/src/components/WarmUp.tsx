import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { useBackend } from "../ipc/BackendContext";
import type { Agent, TicketSummary, TicketView as View } from "../ipc/bindings";
import { INTERACTIVE_MARK } from "./Queue";
import { TicketView } from "./TicketView";

const noop = () => {};
const NO_ERRORS: Readonly<Record<string, string>> = {};

/**
 * Once, at start-up: renders the first ticket of the queue out of sight, lays it
 * out, and removes it in the same task, before the desk counts as interactive.
 * The first ticket view a WebView lays out costs about 200 ms on a slow machine
 * (its code runs for the first time, its fonts and form controls are loaded);
 * paying that here makes the agent's first ticket open as fast as every later
 * one. Nothing is painted, loaded beyond that ticket's view, or listened to: the
 * hidden view answers no keys and is gone before the browser could deliver one.
 */
export function WarmUp({ tickets, agent }: { tickets: TicketSummary[] | null; agent: Agent | null }) {
  const backend = useBackend();
  const [warm, setWarm] = useState<View | "done" | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (warm !== null || tickets === null) return;
    const first = tickets[0];
    if (!first) {
      setWarm("done");
      return;
    }
    let cancelled = false;
    backend.openTicket(first.id).then(
      (view) => !cancelled && setWarm(view),
      () => !cancelled && setWarm("done"),
    );
    return () => {
      cancelled = true;
    };
  }, [backend, tickets, warm]);

  // Rendered and laid out once (reading a size forces the layout), then removed
  // before the browser gets the next event.
  useLayoutEffect(() => {
    if (warm === null || warm === "done") return;
    void box.current?.getBoundingClientRect();
    setWarm("done");
  }, [warm]);

  // The first frame an agent can act in: the start-up benchmark reads this mark.
  useEffect(() => {
    if (warm === "done" && performance.getEntriesByName(INTERACTIVE_MARK).length === 0) {
      performance.mark(INTERACTIVE_MARK);
    }
  }, [warm]);

  if (warm === null || warm === "done") return null;
  return (
    <div className="warm-up" aria-hidden="true" ref={box}>
      <TicketView
        ticketId={warm.ticket.id}
        preview={warm}
        agent={agent}
        runs={[]}
        errors={NO_ERRORS}
        update={null}
        onApprove={noop}
        onSent={noop}
        onRouted={noop}
      />
    </div>
  );
}

import { useMemo, useState } from "react";
import type { TicketId, TicketSummary } from "../ipc/bindings";
import { intentLabel, queueLabel, stateLabel } from "../lib/labels";
import { useShortcuts } from "../lib/shortcuts";
import { Badge } from "./Badge";
import { Time } from "./Time";

interface Props {
  tickets: TicketSummary[] | null;
  error: string | null;
  selectedId: TicketId | null;
  onSelect: (id: TicketId) => void;
  onRetry: () => void;
}

/** Set once, when the queue shows and the ticket view is warm (see WarmUp). */
export const INTERACTIVE_MARK = "countersign:interactive";

export function matchesSearch(t: TicketSummary, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  return [t.id, t.subject, t.from_name, t.preview].some((field) => field?.toLowerCase().includes(q));
}

function Item({ t, selected, onSelect }: { t: TicketSummary; selected: boolean; onSelect: (id: TicketId) => void }) {
  return (
    <li>
      <button
        type="button"
        className={`queue__item${selected ? " queue__item--selected" : ""}`}
        aria-label={`Open ticket ${t.id}`}
        aria-current={selected ? "true" : undefined}
        onClick={() => onSelect(t.id)}
      >
        <span className="queue__row">
          <span className="queue__id">{t.id}</span>
          <span className="queue__badges">
            {t.sentiment !== "neutral" && <Badge tone={`sentiment-${t.sentiment}`}>{t.sentiment}</Badge>}
            {t.queue && <Badge tone="queue">{queueLabel(t.queue)}</Badge>}
            <Badge tone={`state-${t.state}`}>{stateLabel(t.state)}</Badge>
            {t.status === "solved" && <Badge tone="status-solved">solved</Badge>}
          </span>
        </span>
        <span className="queue__subject">{t.subject ?? t.preview}</span>
        <span className="queue__row queue__meta">
          <span>{t.from_name ?? "Unknown sender"}</span>
          <Time iso={t.created_at} dateOnly />
        </span>
        <span className="queue__intent">{intentLabel(t.intent)}</span>
      </button>
    </li>
  );
}

function Group(props: {
  title: string;
  empty: string;
  tickets: TicketSummary[];
  selectedId: TicketId | null;
  onSelect: (id: TicketId) => void;
}) {
  return (
    <div className="queue__group">
      <h3 className="queue__group-title">
        {props.title} <span className="queue__count">{props.tickets.length}</span>
      </h3>
      {props.tickets.length === 0 ? (
        <p className="muted queue__empty">{props.empty}</p>
      ) : (
        <ul className="queue__list" aria-label={props.title}>
          {props.tickets.map((t) => (
            <Item key={t.id} t={t} selected={t.id === props.selectedId} onSelect={props.onSelect} />
          ))}
        </ul>
      )}
    </div>
  );
}

export function Queue({ tickets, error, selectedId, onSelect, onRetry }: Props) {
  const [query, setQuery] = useState("");
  const matching = useMemo(() => tickets?.filter((t) => matchesSearch(t, query)) ?? [], [tickets, query]);
  const forYou = useMemo(() => matching.filter((t) => t.for_you), [matching]);
  const others = useMemo(() => matching.filter((t) => !t.for_you), [matching]);
  // The list as shown: routed to you first.
  const shown = useMemo(() => [...forYou, ...others], [forYou, others]);
  // j / k: the next or previous ticket of the list as it is shown (search applied).
  const step = (by: number) => {
    if (shown.length === 0) return;
    const at = shown.findIndex((t) => t.id === selectedId);
    const next = at === -1 ? (by > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, at + by));
    const target = shown[next];
    if (target) onSelect(target.id);
  };
  useShortcuts({ j: () => step(1), k: () => step(-1) });

  return (
    <nav aria-label="Ticket queue" className="queue">
      <div className="queue__head">
        <h2 className="queue__title">
          Queue{tickets ? <span className="queue__count"> {tickets.length}</span> : null}
        </h2>
        <input
          type="search"
          aria-label="Search tickets"
          placeholder="Search tickets"
          className="queue__search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            const first = shown[0];
            if (e.key === "Enter" && first) {
              e.preventDefault();
              onSelect(first.id);
            }
          }}
        />
      </div>
      {error && (
        <div role="alert" className="notice notice--error">
          <p>Could not load the queue: {error}</p>
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {!tickets && !error && <p className="muted queue__empty">Loading tickets…</p>}
      {tickets && tickets.length === 0 && <p className="muted queue__empty">The queue is empty.</p>}
      {tickets && tickets.length > 0 && shown.length === 0 && (
        <p className="muted queue__empty">No tickets match “{query.trim()}”.</p>
      )}
      {shown.length > 0 && (
        <>
          <Group
            title="For you"
            empty="Nothing routed to your queues."
            tickets={forYou}
            selectedId={selectedId}
            onSelect={onSelect}
          />
          <Group
            title="Other tickets"
            empty="No other tickets."
            tickets={others}
            selectedId={selectedId}
            onSelect={onSelect}
          />
        </>
      )}
    </nav>
  );
}

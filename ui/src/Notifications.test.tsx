import { act, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POLL_MS } from "./hooks/useQueue";
import { renderApp, withPrefs } from "./test/render";

describe("escalations to the agent's queue", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("notifies each ticket newly routed to the agent's queues, once", async () => {
    const backend = withPrefs({ agent_id: "agent_sam" });
    renderApp(backend, { advanceTimers: vi.advanceTimersByTime });
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    expect(backend.callsTo("listQueue")).toEqual([["agent_sam"]]);

    // Another agent routes two tickets: one to Sam's queue, one elsewhere.
    await backend.routeTicket({ ticket_id: "D-0101", agent_id: "agent_ana", queue: "senior_support", summary: "Manager" });
    await backend.routeTicket({ ticket_id: "D-0103", agent_id: "agent_ana", queue: "billing", summary: "Card" });
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(backend.callsTo("listQueue")).toHaveLength(2);
    expect(backend.callsTo("notify")).toEqual([["Escalated to your queue", "hi! two things (Senior support)"]]);
    expect(screen.queryByRole("button", { name: "Open ticket D-0103" })).not.toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(backend.callsTo("listQueue")).toHaveLength(3);
    expect(backend.callsTo("notify")).toHaveLength(1);
  });

  it("does not notify what was already routed when the desk started", async () => {
    const backend = withPrefs({ agent_id: "agent_fay" });
    renderApp(backend, { advanceTimers: vi.advanceTimersByTime });
    await screen.findByRole("button", { name: "Open ticket D-0105" });
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    expect(backend.callsTo("listQueue")).toHaveLength(2);
    expect(backend.callsTo("notify")).toEqual([]);
  });
});

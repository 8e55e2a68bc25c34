import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { TicketSummary } from "../ipc/bindings";
import { Queue } from "./Queue";
import { ShortcutsHelp } from "./ShortcutsHelp";

function summary(id: string): TicketSummary {
  return {
    id,
    subject: `Subject ${id}`,
    from_name: "Evelyn Moore",
    channel: "email",
    created_at: "2026-11-24T10:00:00Z",
    status: "open",
    preview: "preview",
    intent: "order_status",
    confidence: 0.9,
    state: "ready",
    queue: null,
    for_you: false,
    sentiment: "neutral",
  };
}

describe("keyboard shortcuts", () => {
  it("j and k move through the queue as shown, from the selected ticket", () => {
    const onSelect = vi.fn();
    const tickets = ["D-0001", "D-0002", "D-0003"].map(summary);
    const { rerender } = render(
      <Queue tickets={tickets} error={null} selectedId={null} onSelect={onSelect} onRetry={() => {}} />,
    );
    fireEvent.keyDown(window, { key: "j" });
    expect(onSelect).toHaveBeenLastCalledWith("D-0001");
    rerender(<Queue tickets={tickets} error={null} selectedId="D-0002" onSelect={onSelect} onRetry={() => {}} />);
    fireEvent.keyDown(window, { key: "j" });
    expect(onSelect).toHaveBeenLastCalledWith("D-0003");
    fireEvent.keyDown(window, { key: "k" });
    expect(onSelect).toHaveBeenLastCalledWith("D-0001");
  });

  it("keys typed into a field are text, not shortcuts", () => {
    const onSelect = vi.fn();
    render(
      <Queue tickets={["D-0001"].map(summary)} error={null} selectedId={null} onSelect={onSelect} onRetry={() => {}} />,
    );
    const search = screen.getByRole("searchbox", { name: "Search tickets" });
    fireEvent.keyDown(search, { key: "j" });
    expect(onSelect).not.toHaveBeenCalled();
  });

  it("the help lists every shortcut and closes on Escape", () => {
    const onClose = vi.fn();
    render(<ShortcutsHelp onClose={onClose} />);
    const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
    for (const key of ["j", "k", "Enter", "a", "e", "s", "x", "?", "Escape"]) {
      expect(within(dialog).getByText(key)).toBeInTheDocument();
    }
    fireEvent.keyDown(window, { key: "Escape" });
    expect(onClose).toHaveBeenCalled();
  });
});

import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { BackendProvider } from "../ipc/BackendContext";
import { FakeBackend } from "../ipc/fake";
import { ReplyDraft } from "./ReplyDraft";

function renderDraft(draft: string | null, backend = new FakeBackend()) {
  const onSent = vi.fn();
  render(
    <BackendProvider backend={backend}>
      <ReplyDraft
        ticketId="D-0101"
        reply="Hi Evelyn, proposed."
        draft={draft}
        agentId="agent_ana"
        status="open"
        replyStatus="open"
        onSent={onSent}
      />
    </BackendProvider>,
  );
  return { backend, onSent, user: userEvent.setup() };
}

describe("ReplyDraft", () => {
  it("saves the agent's edit once typing pauses", async () => {
    const { backend, user } = renderDraft(null);
    const reply = screen.getByRole("textbox", { name: "Reply" });
    expect(reply).toHaveValue("Hi Evelyn, proposed.");
    await user.type(reply, " Thanks!");
    await waitFor(() =>
      expect(backend.callsTo("saveDraft")).toEqual([["D-0101", "Hi Evelyn, proposed. Thanks!"]]),
    );
    expect(screen.getByRole("status", { name: "Draft" })).toHaveTextContent("Your edit is saved.");
  });

  it("shows a saved edit instead of the proposal, and restoring discards it", async () => {
    const { backend, user } = renderDraft("Hi Evelyn, my own words.");
    const reply = screen.getByRole("textbox", { name: "Reply" });
    expect(reply).toHaveValue("Hi Evelyn, my own words.");
    await user.click(screen.getByRole("button", { name: "Restore the proposed reply" }));
    expect(reply).toHaveValue("Hi Evelyn, proposed.");
    await waitFor(() => expect(backend.callsTo("discardDraft")).toEqual([["D-0101"]]));
  });

  it("says so when an edit cannot be saved", async () => {
    const backend = new FakeBackend();
    backend.failNext("saveDraft", "database is locked");
    const { user } = renderDraft(null, backend);
    await user.type(screen.getByRole("textbox", { name: "Reply" }), "!");
    expect(await screen.findByText(/could not be saved: database is locked/)).toBeInTheDocument();
  });
});

import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/render";

type User = ReturnType<typeof renderApp>["user"];

async function open(user: User, id: string) {
  await user.click(await screen.findByRole("button", { name: `Open ticket ${id}` }));
  return screen.findByRole("region", { name: "Reply draft" });
}

const toast = () =>
  within(screen.getByRole("main", { name: "Ticket" }))
    .getAllByRole("status")
    .find((s) => s.classList.contains("toast"));

describe("sending the reply", () => {
  it("sends a public reply, solving a reply-only ticket by default, and shows it in the conversation", async () => {
    const { user, backend } = renderApp();
    const draft = await open(user, "D-0104");
    const kind = within(draft).getByRole("radiogroup", { name: "Send as" });
    expect(within(kind).getByRole("radio", { name: "Public reply" })).toBeChecked();
    expect(within(kind).getByRole("radio", { name: "Internal note" })).not.toBeChecked();
    const status = within(draft).getByRole("combobox", { name: "Status after sending" });
    expect(status).toHaveValue("solved");
    expect(within(status).getAllByRole("option").map((o) => o.textContent)).toEqual(["Unchanged (open)", "Open", "Solved"]);

    await user.type(within(draft).getByRole("textbox", { name: "Reply" }), " Thanks!");
    await user.click(within(draft).getByRole("button", { name: "Send reply" }));

    await waitFor(() => expect(toast()).toHaveTextContent("Reply sent; the ticket is solved."));
    const text = "Hello,\n\nThanks for reaching out. This inbox handles customer orders only.\n\nSupport Thanks!";
    expect(backend.callsTo("sendReply")).toEqual([
      [{ ticket_id: "D-0104", agent_id: "agent_ana", text, visibility: "public", status: "solved" }],
    ]);
    const conversation = screen.getByRole("region", { name: "Conversation" });
    expect(within(conversation).getAllByRole("listitem").at(-1)).toHaveTextContent("Support Thanks!");
    expect(conversation).toHaveTextContent("solved");
    // The queue marks the ticket solved once it reloads.
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Open ticket D-0104" })).toHaveTextContent("solved"),
    );
    // The draft was sent: the editor shows the proposal again, nothing is left to save.
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue(
      "Hello,\n\nThanks for reaching out. This inbox handles customer orders only.\n\nSupport",
    );
    await waitFor(() => expect(backend.callsTo("listQueue")).toHaveLength(2));
    expect(backend.callsTo("saveDraft")).toEqual([]);
    const trail = screen.getByRole("region", { name: "Audit trail" });
    expect(await within(trail).findByText("Reply sent")).toBeInTheDocument();
    expect(trail).toHaveTextContent("Reply sent; the ticket is solved.");
  });

  it("keeps a ticket open by default while proposed actions have not run", async () => {
    const { user } = renderApp();
    const draft = await open(user, "D-0103");
    expect(within(draft).getByRole("combobox", { name: "Status after sending" })).toHaveValue("open");
    const proposal = screen.getByRole("region", { name: "Proposal" });
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    await within(proposal).findByText(/Executed: Pause subscription/, { selector: "div" });
    expect(
      within(screen.getByRole("region", { name: "Reply draft" })).getByRole("combobox", { name: "Status after sending" }),
    ).toHaveValue("solved");
  });

  it("adds an internal note beside the reply, marked as such, with Ctrl+Enter", async () => {
    const { user, backend } = renderApp();
    const draft = await open(user, "D-0101");
    await user.type(within(draft).getByRole("textbox", { name: "Reply" }), " Edited.");
    await user.click(within(draft).getByRole("radio", { name: "Internal note" }));
    const note = within(draft).getByRole("textbox", { name: "Internal note" });
    expect(note).toHaveValue("");
    expect(within(draft).getByRole("combobox", { name: "Status after sending" })).toHaveValue("");
    const add = within(draft).getByRole("button", { name: "Add note" });
    expect(add).toBeDisabled();

    await user.type(note, "Customer called too.");
    await user.keyboard("{Control>}{Enter}{/Control}");
    await waitFor(() => expect(toast()).toHaveTextContent("Internal note added."));
    expect(backend.callsTo("sendReply")).toEqual([
      [{ ticket_id: "D-0101", agent_id: "agent_ana", text: "Customer called too.", visibility: "internal", status: null }],
    ]);
    const last = within(screen.getByRole("region", { name: "Conversation" })).getAllByRole("listitem").at(-1)!;
    expect(last).toHaveTextContent("Customer called too.");
    expect(last).toHaveTextContent("Internal note");
    // The public reply and its edit are still there.
    expect((screen.getByRole("textbox", { name: "Reply" }) as HTMLTextAreaElement).value).toMatch(/ Edited\.$/);
  });

  it("sends with s when the cursor is not in a text field", async () => {
    const { user, backend } = renderApp();
    const draft = await open(user, "D-0104");
    await user.click(within(draft).getByRole("radio", { name: "Public reply" }));
    await user.keyboard("s");
    await waitFor(() => expect(backend.callsTo("sendReply")).toHaveLength(1));
    // In the editor, s is a letter.
    await user.click(screen.getByRole("textbox", { name: "Reply" }));
    await user.keyboard("s");
    expect(backend.callsTo("sendReply")).toHaveLength(1);
  });

  it("says why a reply could not be sent, and keeps the text", async () => {
    const { user, backend } = renderApp();
    const draft = await open(user, "D-0104");
    backend.failNext("sendReply", "The helpdesk refused the comment.", "invalid_input");
    await user.click(within(draft).getByRole("button", { name: "Send reply" }));
    expect(await within(draft).findByRole("alert")).toHaveTextContent("Could not send: The helpdesk refused the comment.");
    expect(within(draft).getByRole("textbox", { name: "Reply" })).toHaveValue(
      "Hello,\n\nThanks for reaching out. This inbox handles customer orders only.\n\nSupport",
    );
  });
});
